#!/usr/bin/env bash
# bench/gpu-check.sh - the meter on a real NVIDIA GPU, checked against NVML's own energy counter read through
# nvidia-ml-py over the same window.
#
#   bench/gpu-check.sh --pack     on a build machine (JDK 17 + Maven): builds the `carbon` jar, a jlink Java
#                                 runtime and a copy of nvidia-ml-py into bench/target/gpu-check/ (about 65 MB), so
#                                 a GPU machine without Java or pynvml can run it (torch it must have)
#   bench/gpu-check.sh [SECONDS]  on the GPU machine (python3 with torch and nvidia-ml-py): runs a bursty PyTorch
#                                 matmul loop (1.5 s busy, 1 s idle) on one GPU under `carbon measure`, once with
#                                 the energy counter and three times with forced power sampling (100 ms, 1 s, 10 s),
#                                 SECONDS each (default 45). A thread reads the counter through pynvml every 50 ms;
#                                 the reference is that counter interpolated at the meter's window edges.
#
# Environment: GPU_CHECK_GPU (NVML index, default 0), JAVA (java to use). Prints a Markdown table for
# docs/benchmarks.md and keeps the measurements' JSON in bench/target/gpu-check/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/bench/target/gpu-check"
mkdir -p "$out"

if [ "${1:-}" = "--pack" ]; then
  (cd "$root" && mvn -q -B -DskipTests -pl cli -am package)
  cp "$root/cli/target/carbon.jar" "$out/carbon.jar"
  modules="$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$out/carbon.jar")"
  rm -rf "$out/runtime"
  jlink --add-modules "$modules,jdk.unsupported" --strip-debug --no-header-files --no-man-pages --compress=2 \
        --output "$out/runtime"
  # nvidia-ml-py is one pure-Python file: ship it too, for GPU machines that have torch but not pynvml.
  rm -rf "$out/py" "$out/wheels"
  python3 -m pip download -q --no-deps --only-binary=:all: -d "$out/wheels" nvidia-ml-py \
    && python3 -c 'import glob, sys, zipfile; [zipfile.ZipFile(w).extractall(sys.argv[1]) for w in glob.glob(sys.argv[2] + "/*.whl")]' \
         "$out/py" "$out/wheels" && rm -rf "$out/wheels" \
    || echo "gpu-check: could not download nvidia-ml-py; the GPU machine must have it installed" >&2
  echo "packed: $out/carbon.jar and $out/runtime ($(du -sh "$out/runtime" | cut -f1), modules $modules)"
  exit 0
fi

seconds="${1:-45}"
java="${JAVA:-}"
[ -z "$java" ] && [ -x "$out/runtime/bin/java" ] && java="$out/runtime/bin/java"
[ -z "$java" ] && [ -n "${JAVA_HOME:-}" ] && java="$JAVA_HOME/bin/java"
[ -z "$java" ] && java="$(command -v java || true)"
[ -n "$java" ] || { echo "gpu-check: no Java 17; run 'bench/gpu-check.sh --pack' on a build machine first" >&2; exit 2; }
jar="$out/carbon.jar"
[ -f "$jar" ] || jar="$root/cli/target/carbon.jar"
[ -f "$jar" ] || { echo "gpu-check: no carbon.jar; run 'bench/gpu-check.sh --pack' first" >&2; exit 2; }
[ -d "$out/py" ] && export PYTHONPATH="$out/py${PYTHONPATH:+:$PYTHONPATH}"
python3 -c 'import torch, pynvml' 2>/dev/null \
  || { echo "gpu-check: needs python3 with torch and nvidia-ml-py (pip install torch nvidia-ml-py)" >&2; exit 2; }

exec python3 - "$java" "$jar" "$seconds" "$out" "${GPU_CHECK_GPU:-0}" <<'PY'
import json, os, subprocess, sys, threading, time
from datetime import datetime
import pynvml

java, jar, seconds, out, index = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4], int(sys.argv[5])
WORKLOAD = r'''
import sys, time, torch
a = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
b = torch.randn(8192, 8192, device="cuda", dtype=torch.bfloat16)
end = time.time() + float(sys.argv[1])
while time.time() < end:
    burst = time.time() + 1.5
    while time.time() < burst:
        for _ in range(20):
            a @ b
        torch.cuda.synchronize()
    time.sleep(1.0)
'''
text = lambda v: v.decode() if isinstance(v, bytes) else v
pynvml.nvmlInit()
handle = pynvml.nvmlDeviceGetHandleByIndex(index)
uuid, name = text(pynvml.nvmlDeviceGetUUID(handle)), text(pynvml.nvmlDeviceGetName(handle))
samples, stop = [], threading.Event()

def sample():
    while not stop.is_set():
        before = time.time()
        millijoules = pynvml.nvmlDeviceGetTotalEnergyConsumption(handle)
        samples.append(((before + time.time()) / 2, millijoules))
        time.sleep(0.05)

def counter_joules_at(t):
    for (t0, e0), (t1, e1) in zip(samples, samples[1:]):
        if t0 <= t <= t1:
            return (e0 + (e1 - e0) * (t - t0) / (t1 - t0)) / 1000
    raise SystemExit(f"gpu-check: no pynvml samples around {t}")

def instant(iso):
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()

thread = threading.Thread(target=sample, daemon=True)
thread.start()
runs = [("nvml-energy-counter", "", "100ms"), ("nvml-power-sampling", "nvml-power-sampling", "100ms"),
        ("nvml-power-sampling", "nvml-power-sampling", "1s"), ("nvml-power-sampling", "nvml-power-sampling", "10s")]
print(f"# gpu-check on {name} ({uuid}), driver {text(pynvml.nvmlSystemGetDriverVersion())}, {seconds:.0f} s per run")
print("| method | interval | window s | meter J | pynvml counter J | meter error | mean W |")
print("|---|---|---|---|---|---|---|")
for number, (expected, forced, interval) in enumerate(runs):
    json_path = os.path.join(out, f"run-{number}.json")
    env = dict(os.environ, CUDA_VISIBLE_DEVICES=uuid, CARBON_NVML_METHOD=forced)
    command = [java, "-jar", jar, "measure", "--quiet", "--json", json_path, "--interval", interval, "--gpus", uuid,
               "--no-cpu", "--no-ram", "--", sys.executable, "-c", WORKLOAD, str(seconds)]
    subprocess.run(command, env=env, check=True)
    time.sleep(0.2)  # a pynvml sample after the window's end
    measurement = json.load(open(json_path))
    gpu = next(d for d in measurement["devices"] if d.get("uuid") == uuid)
    if gpu["method"] != expected:
        raise SystemExit(f"gpu-check: expected method {expected}, the meter used {gpu['method']}")
    start, end = instant(measurement["started_at"]), instant(measurement["ended_at"])
    reference = counter_joules_at(end) - counter_joules_at(start)
    print(f"| {gpu['method']} | {interval if forced else '1 s reads'} | {end - start:.1f} | {gpu['energy_j']:.0f} "
          f"| {reference:.0f} | {100 * (gpu['energy_j'] - reference) / reference:+.2f} % | {reference / (end - start):.0f} |")
    time.sleep(3)  # let the GPU settle between runs
stop.set()
thread.join()
pynvml.nvmlShutdown()
PY
