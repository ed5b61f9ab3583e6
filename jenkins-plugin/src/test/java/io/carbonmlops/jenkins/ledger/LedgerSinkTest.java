package io.carbonmlops.jenkins.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.jenkins.tracking.BlockRecord;
import io.carbonmlops.jenkins.tracking.BodyOutcome;
import io.carbonmlops.jenkins.tracking.BuildInfo;
import io.carbonmlops.jenkins.tracking.CarbonDefaults;
import io.carbonmlops.jenkins.tracking.CarbonRunSummary;
import io.carbonmlops.jenkins.tracking.FootprintCalculator;
import io.carbonmlops.jenkins.tracking.StartedRun;
import io.carbonmlops.jenkins.tracking.TrackingSettings;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.provider.Providers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The controller's ledger sink against real SQLite ledgers: signing, attribution, spooling, verification. */
class LedgerSinkTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T04:01:05Z"), ZoneOffset.UTC);
    private static final BlockOrigin ORIGIN = new BlockOrigin("ml/train", "42", "gpu-1", "gpu-1.example.com");
    private static final StartedRun RUN = new StartedRun("7", "0123456789abcdef0123456789abcdef", true,
            "http://mlflow/#/experiments/7/runs/0123456789abcdef0123456789abcdef");

    @TempDir
    Path dir;

    private final SigningKey key = SigningKey.generate();
    private final List<String> log = new ArrayList<>();

    @Test
    void eachBlockBecomesAnEntrySignedOnTheControllerWithTheControllersAttribution() throws Exception {
        LedgerConfig config = config(dir.resolve("ledger.db"));
        Measurement measurement = measurement(3.6e6, 1.2);
        CarbonFootprint footprint = footprint(measurement);

        sink(config).accept(record(Optional.of(measurement), Optional.of(footprint)));

        assertThat(log).singleElement().asString().startsWith("ledger: entry ").contains(" appended to "
                + dir.resolve("ledger.db"), "signed by key ", "; anchor 1:");
        try (CarbonLedger ledger = CarbonLedger.open(config)) {
            TrustList trust = TrustList.of(List.of(TrustedKey.of("jenkins-prod", key.publicKey())));
            VerificationReport report = ledger.verify(VerifyOptions.all().trusting(trust).requiringSignatures(true));
            assertThat(report.intact()).as(report.toString()).isTrue();
            assertThat(report.entriesChecked()).isEqualTo(1);
            StoredEntry stored = ledger.entries(EntryQuery.all().runIds(Set.of(RUN.runId()))).get(0);
            assertThat(ledger.check(List.of(stored), trust)).singleElement()
                    .satisfies(v -> assertThat(v.signedBy("jenkins-prod")).isTrue());
            var body = stored.entry().body();
            assertThat(body.getAsJsonObject("energy_kwh").get("facility").getAsDouble())
                    .isCloseTo(Measurement.joulesToKwh(measurement.facilityEnergyJoules()), within(1e-12));
            assertThat(body.get("co2e_kg").getAsDouble()).isCloseTo(footprint.co2eKg(), within(1e-12));
            assertThat(stored.entry().attribution().asMap()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                    Map.entry(Attribution.MLFLOW_EXPERIMENT_ID, "7"), Map.entry(Attribution.MLFLOW_RUN_ID, RUN.runId()),
                    Map.entry(Attribution.MLFLOW_PARENT_RUN_ID, "parentrun"),
                    Map.entry(Attribution.PIPELINE_ID, "ml/train#42"), Map.entry(Attribution.TEAM, "vision"),
                    Map.entry(Attribution.PROJECT, "segmentation"), Map.entry(Attribution.STAGE, "Train"),
                    Map.entry(Attribution.JENKINS_JOB, "ml/train"), Map.entry(Attribution.JENKINS_BUILD, "42"),
                    Map.entry(Attribution.JENKINS_AGENT, "gpu-1"), Map.entry(Attribution.HOST, "gpu-1.example.com")));
        }
    }

    @Test
    void aBlockAfterAWaitKeepsItsShiftSectionInTheSignedEntryAndABlockWithoutOneHasNone() throws Exception {
        LedgerConfig config = config(dir.resolve("ledger.db"));
        Measurement measurement = measurement(3.6e6, 1.0);
        com.google.gson.JsonObject shift = com.google.gson.JsonParser.parseString("{\"zone\":\"DE\","
                + "\"decided_at\":\"2026-11-30T03:59:40.000Z\",\"outcome\":{\"saved_kg\":0.3}}").getAsJsonObject();

        sink(config).accept(record(Optional.of(measurement), Optional.of(footprint(measurement)), Optional.of(shift)));
        sink(config).accept(record(Optional.of(measurement), Optional.of(footprint(measurement))));

        try (CarbonLedger ledger = CarbonLedger.open(config)) {
            TrustList trust = TrustList.of(List.of(TrustedKey.of("jenkins-prod", key.publicKey())));
            assertThat(ledger.verify(VerifyOptions.all().trusting(trust).requiringSignatures(true)).intact()).isTrue();
            List<StoredEntry> stored = ledger.entries(EntryQuery.all().runIds(Set.of(RUN.runId())));
            assertThat(stored).hasSize(2);
            assertThat(stored.get(0).entry().body().getAsJsonObject("shift")).isEqualTo(shift);
            assertThat(stored.get(1).entry().body().has("shift")).isFalse();
        }
    }

    @Test
    void attributionComesFromTheControllerNotFromTheBuildsEnvironment() {
        BlockRecord record = record(Optional.of(measurement(1000, 1.0)), Optional.empty());

        Attribution attribution = BlockAttribution.of(record, new BlockOrigin("real/job", "7", "", null));

        assertThat(record.build().job()).isEqualTo("spoofed/job");
        assertThat(attribution.get(Attribution.JENKINS_JOB)).contains("real/job");
        assertThat(attribution.get(Attribution.JENKINS_AGENT)).contains("built-in");
        assertThat(attribution.get(Attribution.HOST)).isEmpty();
    }

    @Test
    void anUnreachableLedgerSpoolsTheSignedEntryAndALaterBlockAppendsBothExactlyOnce() throws Exception {
        Path blocked = dir.resolve("not-a-folder");
        Files.writeString(blocked, "a file where the ledger's folder should be");
        LedgerConfig config = config(blocked.resolve("ledger.db"));

        sink(config).accept(record(Optional.of(measurement(1000, 1.0)), Optional.empty()));

        assertThat(log).singleElement().asString().contains(" unreachable (", "signed by key ",
                "spooled on the controller in " + dir.resolve("spool"));
        assertThat(ledgerFiles(config)).isEqualTo(1);

        Files.delete(blocked);
        Files.createDirectories(blocked);
        sink(config).accept(record(Optional.of(measurement(2000, 1.0)), Optional.empty()));
        sink(config).accept(record(Optional.of(measurement(3000, 1.0)), Optional.empty()));

        assertThat(ledgerFiles(config)).as("spool emptied").isZero();
        try (CarbonLedger ledger = CarbonLedger.open(config)) {
            VerificationReport report = ledger.verify(VerifyOptions.all().requiringSignatures(true));
            assertThat(report.intact()).as(report.toString()).isTrue();
            assertThat(ledger.entries(EntryQuery.all())).hasSize(3)
                    .extracting(e -> e.entry().body().getAsJsonObject("energy_kwh").get("total").getAsDouble()
                            * 3.6e6)
                    .containsExactlyInAnyOrder(1000.0, 2000.0, 3000.0);
        }
    }

    @Test
    void aBlockWithoutAMeasurementMakesNoEntry() throws Exception {
        LedgerConfig config = config(dir.resolve("ledger.db"));

        sink(config).accept(record(Optional.empty(), Optional.empty()));

        assertThat(log).containsExactly("ledger: no entry for 'train': nothing was measured");
        assertThat(Files.exists(dir.resolve("ledger.db"))).as("not even opened").isFalse();
    }

    private int ledgerFiles(LedgerConfig config) {
        try (CarbonLedger ledger = CarbonLedger.open(config)) {
            return ledger.spool().size();
        }
    }

    private LedgerSink sink(LedgerConfig config) {
        return new LedgerSink(config, Optional.of(key), ORIGIN, CLOCK, log::add);
    }

    private LedgerConfig config(Path file) {
        return LedgerConfig.of(new LedgerLocation.Sqlite(file)).withSpoolBase(dir.resolve("spool"));
    }

    /** A block whose body's environment names another job and agent than the controller knows. */
    private static BlockRecord record(Optional<Measurement> measurement, Optional<CarbonFootprint> footprint) {
        return record(measurement, footprint, Optional.empty());
    }

    private static BlockRecord record(Optional<Measurement> measurement, Optional<CarbonFootprint> footprint,
            Optional<com.google.gson.JsonObject> shift) {
        BuildInfo build = BuildInfo.fromEnvironment(Map.of("JOB_NAME", "spoofed/job", "BUILD_NUMBER", "1",
                "NODE_NAME", "elsewhere", "STAGE_NAME", "Train", "MLFLOW_RUN_ID", "parentrun"));
        TrackingSettings settings = TrackingSettings.resolve(new TrackingSettings.Requested("exp", "train", null, "DE",
                1.0, null, Map.of("team", "vision", "carbon.project", "segmentation"), false), CarbonDefaults.none(),
                build);
        CarbonRunSummary summary = CarbonRunSummary.of("train", build, BodyOutcome.SUCCESS, measurement.orElse(null),
                footprint.orElse(null), RUN, null, List.of());
        return new BlockRecord(settings, build, "carbon-m1", BodyOutcome.SUCCESS, measurement, footprint,
                Optional.of(RUN), summary, shift);
    }

    private static Measurement measurement(double joules, double pue) {
        Instant start = Instant.parse("2026-11-30T04:00:00Z");
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-fake-0", "Fake A"), joules,
                MeasurementMethod.NVML_ENERGY_COUNTER, joules / 60, 300, List.of(), false);
        return new Measurement(start, start.plusSeconds(60), Duration.ofSeconds(60), List.of(gpu), pue, List.of());
    }

    private static CarbonFootprint footprint(Measurement measurement) {
        return FootprintCalculator.of(new CarbonAccountant(Providers.chain("table", Map.of(), MeterClock.SYSTEM)))
                .footprint(measurement, "DE");
    }
}
