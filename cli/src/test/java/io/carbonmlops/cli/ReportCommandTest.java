package io.carbonmlops.cli;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.measurement;
import static io.carbonmlops.ledger.testing.LedgerFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.meter.MeterClock;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code carbon report}'s options, errors and exit codes, in process against SQLite ledgers. */
class ReportCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int carbon(String... args) {
        return CarbonCli.commandLine(new PrintWriter(out, true), new PrintWriter(err, true),
                new CliEnvironment(Map.of(), MeterClock.SYSTEM)).execute(args);
    }

    private Path ledger() {
        Path file = dir.resolve("ledger.db");
        try (LedgerStore store = LedgerStores.open(new LedgerLocation.Sqlite(file))) {
            for (int i = 1; i <= 3; i++) {
                store.append(KEY_A.sign(measurement(run("r" + i, i == 3 ? "nlp" : "vision"), 0.25 * i, i)));
            }
        }
        return file;
    }

    @Test
    void badOptionsAreUsageErrorsThatSayWhatToDo() {
        assertThat(carbon("report", "--from", "2026-12-01", "--to", "2026-11-01", "--ledger", "x.db")).isEqualTo(2);
        assertThat(err.toString()).contains("must end after it starts");
        assertThat(carbon("report", "--from", "2026-11-01", "--to", "2026-12-01", "--group-by", "colour")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown grouping 'colour'; use one of team, project, model, version");
        assertThat(carbon("report", "--from", "Nov", "--to", "2026-12-01")).isEqualTo(2);
        assertThat(err.toString()).contains("--from 'Nov' is not a date (2026-11-01)");
        assertThat(carbon("report", "--from", "2026-11-01", "--to", "2026-12-01", "--format", "pdf")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown report format 'pdf'");
        assertThat(carbon("report", "--from", "2026-11-01", "--to", "2026-12-01", "--out",
                dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a directory");
        assertThat(carbon("report", "--from", "2026-11-01", "--to", "2026-12-01", "--out", dir.toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("give --ledger (or CARBON_LEDGER), or set MLFLOW_TRACKING_URI");
        assertThat(carbon("report", "--from", "2026-11-01", "--to", "2026-12-01", "--out", dir.toString(),
                "--ledger", dir.resolve("none.db").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("there is no ledger at");
    }

    @Test
    void aReportIsWrittenAndABrokenLedgerGivesExit3WithTheReportStillWritten() throws Exception {
        Path ledger = ledger();
        Path outDir = Files.createDirectories(dir.resolve("out"));

        assertThat(carbon("report", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "csv", "--ledger",
                ledger.toString(), "--out", outDir.toString())).as(err.toString()).isZero();
        assertThat(out.toString()).contains("3 ledger entries, 1.5 kg CO2e location-based").contains("verified: ");
        assertThat(Files.readAllLines(outDir.resolve("carbon-report.csv"))).hasSize(3);
        assertThat(outDir.resolve("carbon-report.html")).doesNotExist();

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ledger); Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS ledger_entries_no_update");
            s.execute("UPDATE ledger_entries SET team = 'nlp' WHERE seq = 2");
        }
        assertThat(carbon("report", "--from", "2026-11-30", "--to", "2026-12-01", "--format", "json,html", "--ledger",
                ledger.toString(), "--out", outDir.toString())).isEqualTo(ExitCodes.LEDGER_BROKEN);
        assertThat(out.toString()).contains("UNVERIFIED: ledger verification over seq 1..3 FAILED at entry seq 2");
        assertThat(Files.readString(outDir.resolve("carbon-report.html"))).contains("UNVERIFIED");
    }
}
