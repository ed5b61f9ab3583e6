package io.carbonmlops.ledger.keys;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The signers a reader trusts, by name. The YAML form is the one a gate policy embeds:
 *
 * <pre>
 * trust:
 *   - name: jenkins-prod
 *     public_key: MCowBQYDK2VwAyEA…   # base64 (or PEM) printed by 'carbon ledger keygen'
 * </pre>
 *
 * Names and keys are unique. Immutable and thread-safe.
 */
public final class TrustList {
    private static final TrustList EMPTY = new TrustList(List.of());

    private final List<TrustedKey> keys;
    private final Map<String, TrustedKey> byKeyId = new LinkedHashMap<>();
    private final Map<String, TrustedKey> byName = new LinkedHashMap<>();

    private TrustList(List<TrustedKey> keys) {
        this.keys = List.copyOf(keys);
        for (TrustedKey key : this.keys) {
            if (byName.put(key.name(), key) != null) {
                throw new IllegalArgumentException("trust list names '" + key.name() + "' twice");
            }
            TrustedKey other = byKeyId.put(key.keyId(), key);
            if (other != null) {
                throw new IllegalArgumentException("trust list holds the same key as '" + other.name() + "' and '"
                        + key.name() + "'");
            }
        }
    }

    public static TrustList empty() {
        return EMPTY;
    }

    public static TrustList of(List<TrustedKey> keys) {
        return new TrustList(keys);
    }

    /**
     * Reads a YAML file whose top level has {@code trust:}.
     *
     * @throws IOException when the file is missing, unreadable or not a valid trust list (the message names the file
     *                     and the entry)
     */
    public static TrustList load(Path file) throws IOException {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (NoSuchFileException e) {
            throw new IOException("trust list " + file + " does not exist", e);
        } catch (YAMLException e) {
            throw new IOException("trust list " + file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (!(document instanceof Map<?, ?> map) || !map.containsKey("trust")) {
            throw new IOException("trust list " + file + " must have a top-level 'trust:' list of {name, public_key}");
        }
        try {
            return fromYaml(map.get("trust"));
        } catch (IllegalArgumentException e) {
            throw new IOException("trust list " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The trust list from the parsed value of a {@code trust:} key (a list of mappings with {@code name} and
     * {@code public_key}), for a policy file that embeds one.
     *
     * @throws IllegalArgumentException naming the entry (1-based) and what is wrong with it
     */
    public static TrustList fromYaml(Object trustNode) {
        if (trustNode == null) {
            return EMPTY;
        }
        if (!(trustNode instanceof List<?> list)) {
            throw new IllegalArgumentException("'trust' must be a list of {name, public_key}, was " + trustNode);
        }
        List<TrustedKey> keys = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            keys.add(entry(list.get(i), i + 1));
        }
        return new TrustList(keys);
    }

    private static TrustedKey entry(Object node, int number) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("trust entry " + number + " must be a mapping {name, public_key}");
        }
        Object name = map.get("name");
        Object key = map.get("public_key");
        if (!(name instanceof String n) || n.isBlank()) {
            throw new IllegalArgumentException("trust entry " + number + " needs a 'name'");
        }
        if (!(key instanceof String k) || k.isBlank()) {
            throw new IllegalArgumentException("trust entry " + number + " ('" + n + "') needs a 'public_key'");
        }
        try {
            return TrustedKey.of(n, PublicKeys.parse(k));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("trust entry " + number + " ('" + n + "'): " + e.getMessage(), e);
        }
    }

    public List<TrustedKey> keys() {
        return keys;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public Optional<TrustedKey> byKeyId(String keyId) {
        return Optional.ofNullable(byKeyId.get(keyId));
    }

    public Optional<TrustedKey> byName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /**
     * SHA-256 over the sorted "name key-id" lines: two lists that trust the same keys under the same names have the
     * same fingerprint. A verification checkpoint is only reused under the trust list it was made with.
     */
    public String fingerprint() {
        StringBuilder lines = new StringBuilder();
        keys.stream().map(k -> k.name() + " " + k.keyId() + "\n").sorted().forEach(lines::append);
        return HexFormat.of().formatHex(PublicKeys.sha256(lines.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
