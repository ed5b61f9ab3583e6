package io.carbonmlops.cli;

import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.GroupBy;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.verify.Checkpoint;
import io.carbonmlops.ledger.verify.CheckpointFile;
import io.carbonmlops.ledger.verify.VerifyOptions;
import io.carbonmlops.mlflow.CarbonRunLogger;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.gate.policy.PolicyException;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.reports.CarbonReport;
import io.carbonmlops.reports.LedgerReports;
import io.carbonmlops.reports.MlflowReports;
import io.carbonmlops.reports.ReportFiles;
import io.carbonmlops.reports.ReportRequest;
import io.carbonmlops.meter.report.Figures;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code carbon report}: per team, project, model, version, pipeline, zone or agent, the energy, Scope 2 CO2e
 * (location- and market-based), cost, monthly budgets vs actual and measured vs estimated share over a period, as
 * CSV, JSON and HTML; from the ledger (verified over the period) or, without one, from MLflow (marked unverified).
 */
@Command(name = "report", mixinStandardHelpOptions = true,
        header = "Write an audit-ready carbon report (CSV, JSON, HTML) for a period.",
        description = {"Sums the ledger entries (or, without a ledger, the MLflow runs) of the period per group: IT "
                + "and facility energy, CO2e location-based and market-based (GHG Protocol Scope 2), cost at an "
                + "internal carbon price and energy price, the measured vs estimated share, and monthly budgets of "
                + "the gate policy against actuals. Every line lists the records behind it and their intensity "
                + "sources; the ledger is verified over the period's entries.",
            "",
            "Example: carbon report --from 2026-11-01 --to 2026-12-01 --group-by team --ledger ledger.db "
                + "--trust trust.yaml --policy gate.yaml --carbon-price 80 --electricity-price 0.25 --out reports/",
            "",
            "Exit 0: written. Exit 3: written, but ledger verification found a broken entry (named in the report). "
                + "Exit 1: the ledger or MLflow could not be read. Exit 2: bad options."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--from", required = true, paramLabel = "DATE",
            description = "First day (YYYY-MM-DD, UTC) or instant (2026-11-01T00:00:00Z) covered.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE",
            description = "End of the period, exclusive: --from 2026-11-01 --to 2026-12-01 is November.")
    String to;

    @Option(names = "--group-by", paramLabel = "DIMENSION", defaultValue = "team",
            description = "team, project, model, version, pipeline, zone or agent (default: ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--format", paramLabel = "LIST", defaultValue = "csv,json,html", split = ",",
            description = "csv, json and/or html (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".",
            description = "Existing directory for carbon-report.{csv,json,html} (default: the current one).")
    Path out;

    @Option(names = "--ledger", paramLabel = "LOCATION",
            description = "The ledger (SQLite file or postgresql://…; default: CARBON_LEDGER). Without one, the "
                    + "report reads MLflow (MLFLOW_TRACKING_URI) and is marked unverified.")
    String ledger;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "Trust list for verification (default: CARBON_LEDGER_TRUST); without one, signatures are "
                    + "checked with the keys the ledger holds.")
    Path trustFile;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A 'carbon ledger verify --checkpoint' file: signatures up to it are not checked again; "
                    + "written anew when the verification is intact.")
    Path checkpointFile;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Gate policy whose monthly_budgets are compared with the actuals.")
    Path policyFile;

    @Option(names = "--carbon-price", paramLabel = "PER_TONNE", description = "Internal carbon price per t CO2e.")
    Double carbonPrice;

    @Option(names = "--electricity-price", paramLabel = "PER_KWH", description = "Energy price per facility kWh.")
    Double electricityPrice;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "EUR",
            description = "Currency of the prices (default: ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--mlflow-experiment", paramLabel = "NAME",
            description = "Without a ledger: read only these experiments (repeatable; default: all).")
    List<String> experiments;

    @Option(names = "--attach-experiment", paramLabel = "NAME",
            description = "Also attach the written files to a new run in this MLflow experiment (created if missing).")
    String attachExperiment;

    private final CliEnvironment environment;

    ReportCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        ReportRequest request = request();
        Set<ReportFiles.Format> formatSet = formats();
        if (!Files.isDirectory(out)) {
            throw new ParameterException(spec.commandLine(), "--out " + out + " is not a directory (carbon does not "
                    + "create it)");
        }
        Optional<String> location = Optional.ofNullable(ledger).or(() -> nonBlank(LedgerLocation.LEDGER_ENV));
        if (location.isEmpty() && !MlflowConfig.isConfigured(environment.env())) {
            throw new ParameterException(spec.commandLine(), "no records to report on: give --ledger (or "
                    + "CARBON_LEDGER), or set MLFLOW_TRACKING_URI to report unverified MLflow figures");
        }
        CarbonReport report = location.isPresent() ? fromLedger(location.get(), request) : fromMlflow(request);
        List<Path> written = ReportFiles.write(report, formatSet, out);
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("carbon report %s to %s by %s: %d %s, %s location-based, %s market-based%n",
                request.from(), request.to(), request.groupBy().label(), report.records(), report.recordKind(),
                Figures.co2e(report.co2eLocationKg()), Figures.co2e(report.co2eMarketKg()));
        stdout.println((report.verification().verified() ? "  verified: " : "  UNVERIFIED: ")
                + report.verification().summary());
        report.budgets().stream().filter(b -> b.over()).forEach(b -> stdout.printf("  over budget: %s=%s in %s: %s "
                + "of %s%n", b.tag(), b.value(), b.month(), Figures.co2e(b.actualKg()), Figures.co2e(b.budgetKg())));
        written.forEach(file -> stdout.println("  wrote " + file));
        if (attachExperiment != null) {
            attach(report, written, stdout);
        }
        stdout.flush();
        return report.verification().breakSeq().isPresent() ? ExitCodes.LEDGER_BROKEN : ExitCodes.OK;
    }

    private ReportRequest request() {
        try {
            ReportRequest request = new ReportRequest(instant("--from", from), instant("--to", to),
                    GroupBy.parse(groupBy), optional(carbonPrice), optional(electricityPrice), currency, List.of());
            if (policyFile != null) {
                request = request.withBudgets(PolicyLoader.load(policyFile).monthlyBudgets());
            }
            return request;
        } catch (PolicyException e) {
            throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private Set<ReportFiles.Format> formats() {
        Set<ReportFiles.Format> set = EnumSet.noneOf(ReportFiles.Format.class);
        try {
            formats.forEach(f -> set.add(ReportFiles.Format.parse(f)));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--format: " + e.getMessage());
        }
        return set;
    }

    private static Instant instant(String option, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " '" + text + "' is not a date (2026-11-01) or an instant "
                    + "(2026-11-01T00:00:00Z)");
        }
    }

    private static OptionalDouble optional(Double value) {
        return value == null ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    private CarbonReport fromLedger(String location, ReportRequest request) {
        LedgerLocation parsed;
        try {
            parsed = LedgerLocation.parse(location);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--ledger: " + e.getMessage());
        }
        if (parsed instanceof LedgerLocation.Sqlite sqlite && !Files.exists(sqlite.file())) {
            throw new CarbonException(ExitCodes.FAILURE, "there is no ledger at " + sqlite.file());
        }
        VerifyOptions options = verifyOptions();
        try (LedgerStore store = LedgerStores.openExisting(parsed, java.time.Duration.ofSeconds(30));
                LedgerStore verifying = LedgerStores.openExisting(parsed, java.time.Duration.ofSeconds(30))) {
            LedgerReports reports = new LedgerReports(store, verifying, options, Clock.systemUTC());
            CarbonReport report = reports.build(request);
            writeCheckpoint(reports);
            return report;
        } catch (LedgerException e) {
            throw new CarbonException(ExitCodes.FAILURE, e.getMessage(), e);
        }
    }

    private VerifyOptions verifyOptions() {
        VerifyOptions options = VerifyOptions.all();
        Optional<TrustList> trust = LedgerCommand.trust(trustFile, environment);
        if (trust.isPresent()) {
            options = options.trusting(trust.get());
        }
        if (checkpointFile != null) {
            try {
                Optional<Checkpoint> checkpoint = CheckpointFile.read(checkpointFile);
                if (checkpoint.isPresent()) {
                    options = options.withCheckpoint(checkpoint.get());
                }
            } catch (IOException e) {
                throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }
        return options;
    }

    private void writeCheckpoint(LedgerReports reports) {
        if (checkpointFile == null || reports.lastCheckpoint().isEmpty()) {
            return;
        }
        try {
            CheckpointFile.write(checkpointFile, reports.lastCheckpoint().get());
        } catch (IOException e) {
            spec.commandLine().getErr().println("carbon: warning: cannot write the checkpoint " + checkpointFile
                    + ": " + e.getMessage());
        }
    }

    private CarbonReport fromMlflow(ReportRequest request) {
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(environment.env()))) {
            return new MlflowReports(client, experiments == null ? List.of() : experiments, Clock.systemUTC())
                    .build(request);
        }
    }

    private void attach(CarbonReport report, List<Path> written, PrintWriter stdout) throws IOException {
        if (!MlflowConfig.isConfigured(environment.env())) {
            throw new CarbonException(ExitCodes.USAGE, "--attach-experiment needs MLFLOW_TRACKING_URI; the report "
                    + "files are written");
        }
        try (CarbonRunLogger logger = CarbonRunLogger.fromEnvironment(environment.env())) {
            String experimentId = logger.experimentIdFor(attachExperiment);
            String runId = ReportFiles.attach(logger.client(), experimentId, report, written);
            stdout.println("  attached to MLflow experiment " + attachExperiment + ", run " + runId);
        }
    }

    private Optional<String> nonBlank(String variable) {
        String value = environment.env().get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
