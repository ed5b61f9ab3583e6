package io.carbonmlops.cli;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_B;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.CanonicalJson;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.Signatures;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbon ledger …} and {@code carbon measure --ledger} in process, against SQLite files. */
@Timeout(120)
class LedgerCliTest {
    @TempDir
    Path dir;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>(Map.of("CARBON_NVML_LIBRARY",
            "/nonexistent/libnvidia-ml.so.1", "CARBON_HOST", "ci-7"));

    private int carbon(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        env.putIfAbsent("CARBON_LEDGER_SPOOL_DIR", dir.resolve("spool").toString());
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliEnvironment(env, MeterClock.SYSTEM)).execute(args);
    }

    private Path ledgerFile() {
        return dir.resolve("ledger.db");
    }

    private Path trustFile(SigningKey... keys) throws Exception {
        StringBuilder yaml = new StringBuilder("trust:\n");
        for (int i = 0; i < keys.length; i++) {
            yaml.append("  - name: signer-").append(i).append("\n    public_key: ")
                    .append(PublicKeys.toBase64(keys[i].publicKey())).append('\n');
        }
        Path file = dir.resolve("trust-" + keys.length + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** Five entries signed by A in a new SQLite ledger: runs r1..r5. */
    private LedgerLocation fiveEntries() {
        LedgerLocation ledger = new LedgerLocation.Sqlite(ledgerFile());
        try (LedgerStore store = LedgerStores.open(ledger)) {
            for (int i = 1; i <= 5; i++) {
                store.append(KEY_A.sign(measurement(run("r" + i, "vision"), 0.25, i)));
            }
        }
        return ledger;
    }

    private String entryId(LedgerLocation ledger, long seq) {
        try (LedgerStore store = LedgerStores.open(ledger)) {
            return store.bySeq(seq).orElseThrow().signed().entryId().toString();
        }
    }

    private void sqlite(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledgerFile()); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update");
            s.execute("DROP TRIGGER IF EXISTS ledger_entries_no_delete");
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    // ---- keygen ----

    @Test
    void keygenWritesAnOwnerOnlyKeyPrintsItsIdAndRefusesToOverwrite() throws Exception {
        assertThat(carbon("ledger", "keygen", "--out", dir.resolve("keys").toString(), "--name", "jenkins-prod")).isZero();

        Path key = dir.resolve("keys/jenkins-prod.key");
        SigningKey loaded = SigningKey.load(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(out.toString()).contains("key id:      " + loaded.keyId())
                .contains("  - name: jenkins-prod\n    public_key: " + PublicKeys.toBase64(loaded.publicKey()))
                .doesNotContain(Files.readString(key).lines().skip(1).findFirst().orElseThrow());
        String before = Files.readString(key);

        assertThat(carbon("ledger", "keygen", "--out", dir.resolve("keys").toString(), "--name", "jenkins-prod"))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("refusing to overwrite");
        assertThat(Files.readString(key)).isEqualTo(before);
    }

    // ---- measure --ledger ----

    @Test
    void measureAppendsASignedEntryWithTheMeasuredFiguresAndItsAttribution() throws Exception {
        FakeMachine machine = new FakeMachine(dir);
        Path keyFile = KeyFiles.writeNew(dir.resolve("keys"), "ci", KEY_A).privateKey();
        Path json = dir.resolve("m.json");
        env.putAll(Map.of("MLFLOW_RUN_ID", "run-42", "MLFLOW_EXPERIMENT_ID", "7", "JOB_NAME", "train/main",
                "BUILD_NUMBER", "19", "NODE_NAME", "gpu-3", "CARBON_PROJECT", "vision"));
        List<String> args = new ArrayList<>(List.of("measure", "-q", "--zone", "DE", "--json", json.toString(),
                "--ledger", ledgerFile().toString(), "--ledger-key", keyFile.toString(), "--team", "cv",
                "--pipeline-id", "pipe-9", "--model-name", "segmenter", "--parent-run-id", "run-1"));
        args.addAll(List.of(machine.meterOptions()));
        args.addAll(List.of("--", "sh", "-c", machine.advanceScript() + "; exit 3", "sh", "5", "2"));

        assertThat(carbon(args.toArray(String[]::new))).isEqualTo(3);

        JsonObject measured = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
        StoredEntry stored;
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(ledgerFile()))) {
            stored = store.find(EntryQuery.forRun("run-42")).get(0);
            assertThat(store.count()).isEqualTo(1);
        }
        LedgerEntry entry = stored.entry();
        JsonObject body = entry.body();
        assertThat(body.getAsJsonObject("energy_kwh").get("facility").getAsDouble()).isEqualTo(7 / 3.6e6);
        assertThat(body.get("co2e_kg").getAsDouble()).isEqualTo(measured.get("co2e_kg").getAsDouble())
                .isEqualTo(7 / 3.6e6 * 342 / 1000);
        assertThat(body.get("exit_code").getAsInt()).isEqualTo(3);
        assertThat(body.getAsJsonObject("intensity").get("zone").getAsString()).isEqualTo("DE");
        assertThat(entry.attribution().asMap()).isEqualTo(Map.ofEntries(Map.entry("mlflow_run_id", "run-42"),
                Map.entry("mlflow_experiment_id", "7"), Map.entry("mlflow_parent_run_id", "run-1"),
                Map.entry("team", "cv"), Map.entry("project", "vision"), Map.entry("pipeline_id", "pipe-9"),
                Map.entry("model_name", "segmenter"), Map.entry("jenkins_job", "train/main"),
                Map.entry("jenkins_build", "19"), Map.entry("jenkins_agent", "gpu-3"), Map.entry("host", "ci-7")));
        assertThat(stored.signed().keyId()).isEqualTo(KEY_A.keyId());
        assertThat(Signatures.verify(KEY_A.publicKey(), stored.signed().payload(), stored.signed().signature())).isTrue();
        JsonObject ledgerJson = measured.getAsJsonObject("ledger");
        assertThat(ledgerJson.get("entry_id").getAsString()).isEqualTo(entry.entryId().toString());
        assertThat(ledgerJson.get("seq").getAsLong()).isEqualTo(1);
        assertThat(ledgerJson.get("appended").getAsBoolean()).isTrue();
        assertThat(ledgerJson.get("key_id").getAsString()).isEqualTo(KEY_A.keyId());

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--trust", trustFile(KEY_A).toString(),
                "--require-signed")).isZero();
        assertThat(out.toString()).contains("intact, 1 entries checked").contains("signed by signer-0");
    }

    @Test
    void withoutALedgerNothingIsRecorded() throws Exception {
        Path json = dir.resolve("m.json");
        assertThat(carbon("measure", "-q", "--json", json.toString(), "--", "true")).isZero();
        assertThat(JsonParser.parseString(Files.readString(json)).getAsJsonObject().has("ledger")).isFalse();
    }

    @Test
    void anUnsignedEntryIsAppendedAndSaysWhatItMeansForTheGate() {
        env.put("CARBON_LEDGER", ledgerFile().toString());
        assertThat(carbon("measure", "--", "true")).isZero();
        assertThat(err.toString()).contains("ledger: entry ").contains("appended as seq 1")
                .contains("unsigned (no --ledger-key: the gate counts it as no carbon record)");
    }

    @Test
    void aBadKeyFailsBeforeTheCommandRuns() throws Exception {
        Path marker = dir.resolve("ran");
        Path notAKey = dir.resolve("not.key");
        Files.writeString(notAKey, "hello");

        assertThat(carbon("measure", "--ledger", ledgerFile().toString(), "--ledger-key", notAKey.toString(), "--",
                "touch", marker.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(marker).doesNotExist();
        assertThat(err.toString()).contains("--ledger-key: signing key " + notAKey);
        assertThat(carbon("measure", "--ledger-key", notAKey.toString(), "--", "true")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--ledger-key needs --ledger or CARBON_LEDGER");
    }

    // ---- verify ----

    @Test
    void verifyNamesAnEditedRowWithExitThree() throws Exception {
        LedgerLocation ledger = fiveEntries();
        sqlite("UPDATE ledger_entries SET payload = replace(payload, '\"co2e_kg\":0.25', '\"co2e_kg\":0.025') "
                + "WHERE seq = 3");

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString())).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 3 (id " + entryId(ledger, 3)
                + "): contents do not match the stored hash").contains("2 entries before it are intact");
    }

    @Test
    void verifyNamesTheEntryAfterADeletedRow() throws Exception {
        LedgerLocation ledger = fiveEntries();
        String fourth = entryId(ledger, 4);
        sqlite("DELETE FROM ledger_entries WHERE seq = 3");

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString())).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 4 (id " + fourth
                + "): entries before it are missing: entry 3 before it are missing (deleted)");
    }

    @Test
    void verifyNamesTheFirstOfReorderedRows() throws Exception {
        LedgerLocation ledger = fiveEntries();
        String fifth = entryId(ledger, 5);
        sqlite("UPDATE ledger_entries SET seq = -1 WHERE seq = 2", "UPDATE ledger_entries SET seq = 2 WHERE seq = 5",
                "UPDATE ledger_entries SET seq = 5 WHERE seq = -1");

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--json"))
                .isEqualTo(ExitCodes.LEDGER_BROKEN);
        JsonObject report = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertThat(report.get("intact").getAsBoolean()).isFalse();
        assertThat(report.getAsJsonObject("first_break").get("seq").getAsLong()).isEqualTo(2);
        assertThat(report.getAsJsonObject("first_break").get("entry_id").getAsString()).isEqualTo(fifth);
        assertThat(report.getAsJsonObject("first_break").get("reason").getAsString()).isEqualTo("content_mismatch");
    }

    @Test
    void verifyWithATrustListNamesAnEntryFromAnUnknownKey() throws Exception {
        LedgerLocation ledger = fiveEntries();
        try (LedgerStore store = LedgerStores.open(ledger)) {
            store.append(KEY_B.sign(measurement(run("r6", "vision"), 0.0, 6)));
        }

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString())).isZero();
        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--trust",
                trustFile(KEY_A).toString())).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 6").contains("signed by an unknown key")
                .contains(KEY_B.keyId());
    }

    @Test
    void anAnchorFromHeadCatchesACutOffTail() throws Exception {
        fiveEntries();
        assertThat(carbon("ledger", "head", "--ledger", ledgerFile().toString())).isZero();
        String anchor = out.toString().strip();
        assertThat(anchor).startsWith("5:");
        sqlite("DELETE FROM ledger_entries WHERE seq = 5");

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString())).isZero();
        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--anchor", anchor))
                .isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 5: ledger ends before the anchor");
    }

    @Test
    void aCheckpointFileSparesTheSignaturesItCovers() throws Exception {
        LedgerLocation ledger = fiveEntries();
        Path checkpoint = dir.resolve("verified.json");
        String trust = trustFile(KEY_A).toString();
        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--trust", trust, "--checkpoint",
                checkpoint.toString())).isZero();
        assertThat(checkpoint).exists();
        try (LedgerStore store = LedgerStores.open(ledger)) {
            store.append(KEY_A.sign(measurement(run("r6", "vision"), 0.25, 6)));
        }

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--trust", trust, "--checkpoint",
                checkpoint.toString())).isZero();
        assertThat(out.toString()).contains("intact, 6 entries checked")
                .contains("note: 5 signatures up to the checkpoint at seq 5 were not checked again");
    }

    // ---- show, export ----

    @Test
    void showListsARunsEntriesWithTheirStatus() throws Exception {
        LedgerLocation ledger = new LedgerLocation.Sqlite(ledgerFile());
        try (LedgerStore store = LedgerStores.open(ledger)) {
            store.append(KEY_A.sign(measurement(run("run-1", "vision"), 0.25, 1)));
            store.append(KEY_B.sign(measurement(run("run-1", "vision"), 0.5, 2)));
            store.append(SignedEntry.unsigned(measurement(run("run-1", "vision"), 1.0, 3)));
            store.append(KEY_A.sign(measurement(run("other", "vision"), 2.0, 4)));
        }

        assertThat(carbon("ledger", "show", "run-1", "--ledger", ledgerFile().toString(), "--trust",
                trustFile(KEY_A).toString())).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("1 ").contains("0.25").contains("0.6").contains("signer-0").endsWith("trusted");
        assertThat(lines.get(2)).startsWith("2 ").contains("key " + PublicKeys.shortId(KEY_B.keyId()))
                .endsWith("untrusted key");
        assertThat(lines.get(3)).startsWith("3 ").endsWith("unsigned");
        assertThat(carbon("ledger", "show", "nope", "--ledger", ledgerFile().toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("no entries for run nope");
    }

    @Test
    void exportJsonlHoldsEverythingNeededToVerifyOffline() throws Exception {
        fiveEntries();

        assertThat(carbon("ledger", "export", "--format", "jsonl", "--ledger", ledgerFile().toString())).isZero();

        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        for (String line : lines) {
            JsonObject exported = JsonParser.parseString(line).getAsJsonObject();
            assertThat(CanonicalJson.write(exported)).as("each line is canonical JSON").isEqualTo(line);
            String payload = CanonicalJson.write(exported.get("entry"));
            assertThat(Signatures.verify(PublicKeys.parse(exported.get("public_key").getAsString()), payload,
                    exported.get("signature").getAsString())).isTrue();
        }
    }

    @Test
    void exportCsvHasOneRowPerEntryAndDefusesFormulas() throws Exception {
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(ledgerFile()))) {
            store.append(KEY_A.sign(measurement(run("r1", "=HYPERLINK(\"x\")"), 0.25, 1)));
        }
        Path csv = dir.resolve("out.csv");

        assertThat(carbon("ledger", "export", "--format", "CSV", "--ledger", ledgerFile().toString(), "-o",
                csv.toString())).isZero();

        List<String> rows = Files.readString(csv).lines().toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).startsWith("seq,entry_id,kind,occurred_at,");
        assertThat(rows.get(1)).contains(",\"'=HYPERLINK(\"\"x\"\")\",").contains(",0.6,0.25,0.125,")
                .contains(",DE,\"table: Electricity Maps 2025 yearly, DE\",");
        assertThat(err.toString()).contains("1 entries written to " + csv);
        assertThat(carbon("ledger", "export", "--format", "xml")).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void showAndExportStillWorkOnATamperedPayloadAndSayWhatIsWrongWithIt() throws Exception {
        fiveEntries();
        sqlite("UPDATE ledger_entries SET payload = replace(payload, '{\"attribution\"', '{ \"attribution\"') "
                + "WHERE seq = 2");

        assertThat(carbon("ledger", "show", "r2", "--ledger", ledgerFile().toString())).isZero();
        assertThat(out.toString().lines().toList()).hasSize(2).last().asString().startsWith("2 ")
                .contains("INVALID").contains("not in canonical form");

        assertThat(carbon("ledger", "export", "--format", "jsonl", "--ledger", ledgerFile().toString())).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(5);
        JsonObject tampered = JsonParser.parseString(lines.get(1)).getAsJsonObject();
        assertThat(tampered.has("entry")).isFalse();
        assertThat(tampered.get("payload").getAsString()).startsWith("{ \"attribution\"");
        assertThat(tampered.get("malformed").getAsString()).contains("not in canonical form");

        assertThat(carbon("ledger", "export", "--format", "csv", "--ledger", ledgerFile().toString())).isZero();
        assertThat(out.toString().lines().toList()).hasSize(6).element(2).asString().startsWith("2,")
                .contains(",r2,");
    }

    @Test
    void initRefusesGrantsForSqlite() {
        assertThat(carbon("ledger", "init", "--ledger", ledgerFile().toString())).isZero();
        assertThat(out.toString()).contains("ledger ready: " + ledgerFile() + " (0 entries)");
        assertThat(carbon("ledger", "init", "--ledger", ledgerFile().toString(), "--grants-for", "w"))
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void readingAMissingSqliteLedgerFailsInsteadOfCreatingAnEmptyOne() {
        Path typo = dir.resolve("ledgr.db");
        for (String command : List.of("verify", "head", "export")) {
            List<String> args = new ArrayList<>(List.of("ledger", command, "--ledger", typo.toString()));
            if (command.equals("export")) {
                args.addAll(List.of("--format", "jsonl"));
            }
            assertThat(carbon(args.toArray(String[]::new))).as(command).isEqualTo(ExitCodes.FAILURE);
            assertThat(err.toString()).contains("there is no ledger at " + typo);
        }
        assertThat(typo).doesNotExist();
    }

    @Test
    void readingADatabaseThatIsNoLedgerFailsAndLeavesItUntouched() throws Exception {
        Path other = dir.resolve("someone-elses.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)");
        }
        for (String command : List.of("verify", "head", "export", "show")) {
            List<String> args = new ArrayList<>(List.of("ledger", command, "--ledger", other.toString()));
            args.addAll(command.equals("export") ? List.of("--format", "jsonl")
                    : command.equals("show") ? List.of("run-1") : List.of());
            assertThat(carbon(args.toArray(String[]::new))).as(command).isEqualTo(ExitCodes.FAILURE);
            assertThat(err.toString()).as(command).contains(other + " is not a carbon ledger");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement();
                java.sql.ResultSet tables = s.executeQuery("SELECT group_concat(name) FROM sqlite_master")) {
            assertThat(tables.getString(1)).isEqualTo("notes");
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + other); Statement s = c.createStatement();
                java.sql.ResultSet mode = s.executeQuery("PRAGMA journal_mode")) {
            assertThat(mode.getString(1)).as("not switched to WAL either").isEqualTo("delete");
        }
    }

    @Test
    void aCheckpointOrExportPathThatCannotBeUsedIsAClearErrorNotAnInternalOne() throws Exception {
        fiveEntries();
        Path folder = Files.createDirectories(dir.resolve("a-folder"));

        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--checkpoint", folder.toString()))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("checkpoint " + folder).doesNotContain("internal error");

        Path blocked = dir.resolve("ledger.db").resolve("cp.json"); // a "directory" that is a file
        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString(), "--checkpoint", blocked.toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("cannot write the checkpoint " + blocked).doesNotContain("internal error");

        assertThat(carbon("ledger", "export", "--ledger", ledgerFile().toString(), "--format", "csv", "-o",
                folder.toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("cannot write " + folder).doesNotContain("internal error");
    }

    @Test
    void aRowThatCannotBeReadIsAClearLedgerErrorNotABugReport() throws Exception {
        fiveEntries();
        sqlite("UPDATE ledger_entries SET entry_id = 'not-a-uuid' WHERE seq = 2");

        assertThat(carbon("ledger", "show", "r2", "--ledger", ledgerFile().toString())).isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("ledger row seq 2 is not a readable entry").doesNotContain("internal error");
        assertThat(carbon("ledger", "export", "--format", "jsonl", "--ledger", ledgerFile().toString()))
                .isEqualTo(ExitCodes.FAILURE);
        assertThat(err.toString()).contains("ledger row seq 2 is not a readable entry").doesNotContain("internal error");
        assertThat(carbon("ledger", "verify", "--ledger", ledgerFile().toString())).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("BROKEN at entry seq 2").contains("1 entries before it are intact");
    }

    @Test
    void ledgerRunBareShowsUsage() {
        assertThat(carbon("ledger")).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("keygen").contains("verify").contains("export");
    }
}
