package io.carbonmlops.jenkins.ledger;

import com.google.gson.JsonObject;
import io.carbonmlops.jenkins.tracking.BlockRecord;
import io.carbonmlops.jenkins.tracking.RecordSink;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.report.MeasurementJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Appends each finished block to the carbon ledger as a measurement entry, signed on the controller with the
 * configured key: the agent only reports the measurement, and nothing the body controls reaches the key or the
 * attribution. A block that followed a {@code waitForLowCarbon} keeps its {@code shift} section, as
 * {@code carbon wait}'s entries do. When the ledger cannot be reached the signed entry waits in the controller's spool and is appended,
 * exactly once, by a later block's append or the periodic flush.
 *
 * <p>A block without a measurement makes no entry: for a gate that is "no carbon record", never zero.
 */
public final class LedgerSink implements RecordSink {
    private final LedgerConfig config;
    private final Optional<SigningKey> key;
    private final BlockOrigin origin;
    private final Clock clock;
    private final Consumer<String> log;

    /**
     * @param key    the controller's signing key; empty: entries are appended unsigned (a gate does not count them)
     * @param log    the build log, for one line per entry
     */
    public LedgerSink(LedgerConfig config, Optional<SigningKey> key, BlockOrigin origin, Clock clock,
            Consumer<String> log) {
        this.config = Objects.requireNonNull(config, "config");
        this.key = Objects.requireNonNull(key, "key");
        this.origin = Objects.requireNonNull(origin, "origin");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String name() {
        return "the carbon ledger " + config.location().describe();
    }

    @Override
    public void accept(BlockRecord record) throws IOException {
        if (record.measurement().isEmpty()) {
            log.accept("ledger: no entry for '" + record.settings().runName() + "': nothing was measured");
            return;
        }
        Measurement measurement = record.measurement().get();
        LedgerEntry entry;
        try {
            JsonObject document = MeasurementJson.toJsonObject(measurement, OptionalInt.empty());
            record.footprint().ifPresent(footprint -> MeasurementJson.addCarbon(document, footprint));
            record.shift().ifPresent(shift -> document.add("shift", shift.deepCopy()));
            entry = MeasurementEntries.fromDocument(document, BlockAttribution.of(record, origin), clock.instant());
        } catch (IllegalArgumentException e) {
            throw new IOException("the measurement cannot become a ledger entry: " + e.getMessage(), e);
        }
        try (CarbonLedger ledger = key.map(k -> CarbonLedger.open(config, k)).orElseGet(() -> CarbonLedger.open(config))) {
            SignedEntry signed = ledger.sign(entry);
            log.accept(describe(signed, ledger.record(signed)));
        } catch (RuntimeException e) { // the spool could not be written either, or the id is taken
            throw new IOException(e.getMessage(), e);
        }
    }

    private String describe(SignedEntry signed, CarbonLedger.Delivery delivery) {
        String signer = signed.isSigned() ? "signed by key " + PublicKeys.shortId(signed.keyId())
                : "unsigned (no signing key configured: a gate counts it as no carbon record)";
        if (delivery.isAppended()) {
            return "ledger: entry " + signed.entryId() + " appended to " + config.location().describe() + ", " + signer
                    + "; anchor " + delivery.appended().get().seq() + ":" + delivery.appended().get().entryHash();
        }
        return "ledger: " + config.location().describe() + " unreachable (" + delivery.error().orElse("unknown error")
                + "); entry " + signed.entryId() + ", " + signer + ", spooled on the controller in "
                + delivery.spooledTo().map(Path::getParent).orElse(null) + " and appended later";
    }
}
