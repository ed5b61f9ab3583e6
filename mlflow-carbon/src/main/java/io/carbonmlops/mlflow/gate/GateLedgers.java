package io.carbonmlops.mlflow.gate;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gate finds its ledger and its key. The ledger: an explicit location (the command line's
 * {@code --ledger}), else the policy's {@code ledger:}, else {@code CARBON_LEDGER}, else {@code ~/.carbon/ledger.db}.
 * The policy comes before the environment because its trust list belongs to that ledger. The gate key, which signs
 * decision entries: an explicit file ({@code --gate-key}), else {@value #GATE_KEY_ENV}. {@code CARBON_LEDGER_KEY},
 * the measuring key, is never used by the gate.
 */
public final class GateLedgers {
    /** The variable naming the gate's signing key file. */
    public static final String GATE_KEY_ENV = "CARBON_GATE_KEY";

    private GateLedgers() {}

    /**
     * @throws IllegalArgumentException for a malformed location (the message says which source gave it)
     */
    public static LedgerConfig config(GatePolicy policy, Optional<String> explicitLocation, Map<String, String> env) {
        LedgerConfig fromEnv = LedgerConfig.fromEnvironment(env);
        LedgerConfig config = new LedgerConfig(fromEnv.location(), Optional.empty(), fromEnv.spoolBase(),
                fromEnv.timeout());
        Optional<String> chosen = explicitLocation.or(policy::ledger);
        if (chosen.isEmpty()) {
            return config;
        }
        try {
            return config.withLocation(LedgerLocation.parse(chosen.get()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((explicitLocation.isPresent() ? "--ledger: " : policy.source()
                    + ": ledger: ") + e.getMessage(), e);
        }
    }

    /**
     * The gate key from {@code explicitFile}, else {@value #GATE_KEY_ENV}; empty when neither is set.
     *
     * @throws UncheckedIOException when the file cannot be read (the message names the file, never the key)
     */
    public static Optional<SigningKey> gateKey(Optional<Path> explicitFile, Map<String, String> env) {
        Optional<Path> file = explicitFile.or(() -> Optional.ofNullable(env.get(GATE_KEY_ENV))
                .filter(value -> !value.isBlank()).map(Path::of));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SigningKey.load(file.get()));
        } catch (IOException e) {
            throw new UncheckedIOException((explicitFile.isPresent() ? "--gate-key: " : GATE_KEY_ENV + ": ")
                    + e.getMessage(), e);
        }
    }

    /** The gate's ledger: signing decisions with {@code gateKey} when present. Connects on first use. */
    public static CarbonLedger open(LedgerConfig config, Optional<SigningKey> gateKey) {
        return gateKey.map(key -> CarbonLedger.open(config, key)).orElseGet(() -> CarbonLedger.open(config));
    }
}
