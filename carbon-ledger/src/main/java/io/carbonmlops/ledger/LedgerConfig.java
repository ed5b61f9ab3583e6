package io.carbonmlops.ledger;

import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.PostgresLedgerStore;
import io.carbonmlops.ledger.store.SqliteLedgerStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a ledger and sign for it.
 *
 * @param location       where the ledger is
 * @param signingKeyFile the PKCS#8 PEM private key that signs new entries; empty: entries are appended unsigned
 * @param spoolBase      where entries wait while the ledger is unreachable
 * @param timeout        SQLite: how long to wait for other writers; PostgreSQL: connect and login timeout
 */
public record LedgerConfig(LedgerLocation location, Optional<Path> signingKeyFile, Path spoolBase, Duration timeout) {
    /** The variable naming the signing key file. */
    public static final String KEY_ENV = "CARBON_LEDGER_KEY";

    public LedgerConfig {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        Objects.requireNonNull(spoolBase, "spoolBase");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The ledger at {@code location}, unsigned, default spool and timeout. */
    public static LedgerConfig of(LedgerLocation location) {
        return new LedgerConfig(location, Optional.empty(), LedgerSpool.defaultBase(), defaultTimeout(location));
    }

    /**
     * {@code CARBON_LEDGER} (default {@code ~/.carbon/ledger.db}), {@code CARBON_LEDGER_KEY} and
     * {@code CARBON_LEDGER_SPOOL_DIR}.
     *
     * @throws IllegalArgumentException for a malformed {@code CARBON_LEDGER}
     */
    public static LedgerConfig fromEnvironment(Map<String, String> env) {
        LedgerLocation location = LedgerLocation.fromEnvironment(env).orElseGet(LedgerLocation::defaultSqlite);
        LedgerConfig config = of(location);
        String key = env.get(KEY_ENV);
        if (key != null && !key.isBlank()) {
            config = config.withSigningKey(Path.of(key));
        }
        String spool = env.get(LedgerSpool.SPOOL_DIR_ENV);
        if (spool != null && !spool.isBlank()) {
            config = config.withSpoolBase(Path.of(spool));
        }
        return config;
    }

    public LedgerConfig withLocation(LedgerLocation other) {
        return new LedgerConfig(other, signingKeyFile, spoolBase, defaultTimeout(other));
    }

    public LedgerConfig withSigningKey(Path file) {
        return new LedgerConfig(location, Optional.of(file), spoolBase, timeout);
    }

    public LedgerConfig withSpoolBase(Path dir) {
        return new LedgerConfig(location, signingKeyFile, dir, timeout);
    }

    public LedgerConfig withTimeout(Duration value) {
        return new LedgerConfig(location, signingKeyFile, spoolBase, value);
    }

    private static Duration defaultTimeout(LedgerLocation location) {
        return location instanceof LedgerLocation.Postgres ? PostgresLedgerStore.DEFAULT_CONNECT_TIMEOUT
                : SqliteLedgerStore.DEFAULT_BUSY_TIMEOUT;
    }
}
