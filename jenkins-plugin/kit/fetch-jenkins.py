#!/usr/bin/env python3
"""The Jenkins that jenkins-plugin/kit builds against and tests on (run by bin/setup-test-env).

  fetch-jenkins.py download <list> <dest>
      <dest>/jenkins.war and <dest>/plugins/<name>.jpi at the versions pinned in <list> (jenkins-plugins.txt), from
      the official update site. The war's sha256 is pinned in the list (taken from the signed update-center metadata);
      each plugin's sha256 comes from the update site's plugin-versions.json. A mismatch deletes the file and fails.
  fetch-jenkins.py m2repo <kit> <repo>
      A file-based Maven repository of the kit's jars under their real coordinates (every jar of the war's WEB-INF/lib,
      every plugin's main jar) plus the aggregator POM io.jenkins.kit:jenkins-kit-deps:<core version>. Uses the kit's
      own tools/mk-m2repo.py when it has one, else lays the repository out the same way itself.
"""
import base64
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import zipfile

UPDATE_SITE = 'https://updates.jenkins.io'
AGGREGATOR = ('io.jenkins.kit', 'jenkins-kit-deps')


def read_list(path):
    core, plugins = None, []
    for line in open(path, encoding='utf-8'):
        words = line.split('#', 1)[0].split()
        if not words:
            continue
        if words[0] == 'core':
            core = (words[1], words[2])
        else:
            plugins.append((words[0], words[1]))
    if core is None:
        sys.exit(f'{path}: no "core <version> <sha256>" line')
    return core, plugins


def fetch(url, dest, expected_sha256_hex):
    tmp = dest + '.part'
    digest = hashlib.sha256()
    with urllib.request.urlopen(url, timeout=60) as response, open(tmp, 'wb') as out:
        for chunk in iter(lambda: response.read(1 << 16), b''):
            digest.update(chunk)
            out.write(chunk)
    if digest.hexdigest() != expected_sha256_hex:
        os.remove(tmp)
        sys.exit(f'sha256 mismatch for {url}: got {digest.hexdigest()}, the update-center metadata says {expected_sha256_hex}')
    os.replace(tmp, dest)


def download(list_path, dest):
    (core_version, core_sha256), plugins = read_list(list_path)
    os.makedirs(os.path.join(dest, 'plugins'), exist_ok=True)
    war = os.path.join(dest, 'jenkins.war')
    if not os.path.exists(war):
        print(f'fetch-jenkins: jenkins.war {core_version}', file=sys.stderr)
        fetch(f'{UPDATE_SITE}/download/war/{core_version}/jenkins.war', war, core_sha256)
    with urllib.request.urlopen(f'{UPDATE_SITE}/current/plugin-versions.json', timeout=60) as response:
        versions = json.load(response)['plugins']
    for name, version in plugins:
        target = os.path.join(dest, 'plugins', name + '.jpi')
        if os.path.exists(target):
            continue
        entry = versions.get(name, {}).get(version)
        if entry is None:
            sys.exit(f'the update site lists no {name} {version}')
        print(f'fetch-jenkins: {name} {version}', file=sys.stderr)
        fetch(entry['url'], target, base64.b64decode(entry['sha256']).hex())


def coordinates_from_pom_properties(jar, file_stem):
    with zipfile.ZipFile(jar) as z:
        found = []
        for name in z.namelist():
            if name.startswith('META-INF/maven/') and name.endswith('/pom.properties'):
                props = {}
                for line in z.read(name).decode('utf-8', 'replace').splitlines():
                    if '=' in line and not line.startswith('#'):
                        key, value = line.split('=', 1)
                        props[key.strip()] = value.strip()
                found.append((props.get('groupId'), props.get('artifactId'), props.get('version')))
    for g, a, v in found:
        if file_stem.startswith(a):
            return g, a, v
    return found[0] if len(found) == 1 else None


def publish(repo, jar_bytes, g, a, v):
    folder = os.path.join(repo, *g.split('.'), a, v)
    os.makedirs(folder, exist_ok=True)
    pom = (f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion><groupId>{g}</groupId>'
           f'<artifactId>{a}</artifactId><version>{v}</version></project>\n').encode()
    for name, data in ((f'{a}-{v}.jar', jar_bytes), (f'{a}-{v}.pom', pom)):
        with open(os.path.join(folder, name), 'wb') as out:
            out.write(data)
        with open(os.path.join(folder, name + '.sha1'), 'w') as out:
            out.write(hashlib.sha1(data).hexdigest())


def own_m2repo(lib_dir, plugins_dir, repo, core_version):
    published = []
    for f in sorted(os.listdir(lib_dir)):
        if not f.endswith('.jar'):
            continue
        stem = re.sub(r'-\d.*$', '', f[:-4])
        path = os.path.join(lib_dir, f)
        c = ('org.jenkins-ci.main', stem, core_version) if stem in ('jenkins-core', 'cli') else None
        c = c or coordinates_from_pom_properties(path, stem)
        if c is None:
            print(f'fetch-jenkins: skipped {f} (no Maven coordinates inside)', file=sys.stderr)
            continue
        publish(repo, open(path, 'rb').read(), *c)
        published.append(c)
    for f in sorted(os.listdir(plugins_dir)):
        if not f.endswith(('.jpi', '.hpi')):
            continue
        with zipfile.ZipFile(os.path.join(plugins_dir, f)) as z:
            attrs = dict(re.findall(r'^([\w-]+): (.*)$', z.read('META-INF/MANIFEST.MF').decode().replace('\r', '')
                                    .replace('\n ', ''), re.M))
            main_jar = f'WEB-INF/lib/{attrs["Short-Name"]}.jar'
            if main_jar not in z.namelist():
                continue
            c = (attrs['Group-Id'], attrs['Short-Name'], attrs['Plugin-Version'])
            publish(repo, z.read(main_jar), *c)
            published.append(c)
    deps = ''.join(f'<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>'
                   for g, a, v in published)
    folder = os.path.join(repo, *AGGREGATOR[0].split('.'), AGGREGATOR[1], core_version)
    os.makedirs(folder, exist_ok=True)
    pom = (f'<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
           f'<groupId>{AGGREGATOR[0]}</groupId><artifactId>{AGGREGATOR[1]}</artifactId><version>{core_version}</version>'
           f'<packaging>pom</packaging><dependencies>{deps}</dependencies></project>\n').encode()
    name = os.path.join(folder, f'{AGGREGATOR[1]}-{core_version}.pom')
    open(name, 'wb').write(pom)
    open(name + '.sha1', 'w').write(hashlib.sha1(pom).hexdigest())
    print(f'fetch-jenkins: {len(published)} artifacts + the aggregator POM in {repo}', file=sys.stderr)


def m2repo(kit, repo):
    war = os.path.join(kit, 'jenkins.war')
    with zipfile.ZipFile(war) as z:
        core_version = re.search(r'^Jenkins-Version: (\S+)', z.read('META-INF/MANIFEST.MF').decode(), re.M).group(1)
        with tempfile.TemporaryDirectory(prefix='jenkins-lib-') as tmp:
            for name in z.namelist():
                if name.startswith('WEB-INF/lib/') and name.endswith('.jar'):
                    z.extract(name, tmp)
            lib = os.path.join(tmp, 'WEB-INF', 'lib')
            shutil.rmtree(repo, ignore_errors=True)
            kit_tool = os.path.join(kit, 'tools', 'mk-m2repo.py')
            if os.path.isfile(kit_tool):
                subprocess.run([sys.executable, kit_tool, lib, os.path.join(kit, 'plugins'), repo], check=True,
                               stdout=sys.stderr)
            else:
                os.makedirs(repo)
                own_m2repo(lib, os.path.join(kit, 'plugins'), repo, core_version)


if __name__ == '__main__':
    if len(sys.argv) == 4 and sys.argv[1] == 'download':
        download(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == 'm2repo':
        m2repo(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
