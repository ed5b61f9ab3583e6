package io.carbonmlops.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.InferenceEntries;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.meter.inference.ModelVersion;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The ledger options of {@code carbon measure}: with {@code --ledger} (or {@code CARBON_LEDGER}), the measurement
 * becomes a ledger entry, signed with {@code --ledger-key} / {@code CARBON_LEDGER_KEY} when given, and appended, or
 * spooled when the ledger is unreachable (docs/ledger.md).
 *
 * <p>Nothing touches the ledger before the command: the key is read and the options checked before it starts (a
 * mistake costs no run), and the entry is made, signed and appended only after it has exited, so a slow or
 * unreachable ledger never delays the measured command, only carbon's own exit (PostgreSQL: by at most the connect
 * timeout, 5 s by default, before the entry spools).
 *
 * <p>The attribution is fixed from what carbon knows, never from what the measured command could change: the MLflow
 * run carbon logged to (else {@code MLFLOW_RUN_ID}), these options or their {@code CARBON_*} variables, Jenkins'
 * {@code JOB_NAME}, {@code BUILD_NUMBER}, {@code NODE_NAME}, {@code STAGE_NAME}, and the host name.
 */
final class LedgerOptions implements MeasureHook {
    /** {@code --ledger} without a value: the default ledger. */
    static final String DEFAULT_LEDGER = "~/.carbon/ledger.db";

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--ledger", paramLabel = "LOCATION", arity = "0..1", fallbackValue = DEFAULT_LEDGER,
            description = "Record the measurement in the carbon ledger: an SQLite file or postgresql://USER@HOST:PORT/DB "
                    + "(default: CARBON_LEDGER; --ledger alone: " + DEFAULT_LEDGER + ").")
    String ledger;

    @Option(names = "--ledger-key", paramLabel = "FILE",
            description = "Sign the ledger entry with this Ed25519 key (carbon ledger keygen; default: CARBON_LEDGER_KEY). "
                    + "Unsigned entries count as no carbon record for the gate.")
    Path keyFile;

    @Option(names = "--team", paramLabel = "NAME", description = "Team the ledger entry belongs to (default: CARBON_TEAM).")
    String team;

    @Option(names = "--project", paramLabel = "NAME",
            description = "Project the ledger entry belongs to (default: CARBON_PROJECT).")
    String project;

    @Option(names = "--pipeline-id", paramLabel = "ID",
            description = "Pipeline the ledger entry belongs to (default: CARBON_PIPELINE_ID).")
    String pipelineId;

    @Option(names = "--model-name", paramLabel = "NAME",
            description = "Registered model the work is for, when known (default: CARBON_MODEL_NAME).")
    String modelName;

    @Option(names = "--model-version", paramLabel = "VERSION",
            description = "Registry version of that model (inference figures are judged per version; default: "
                    + "CARBON_MODEL_VERSION).")
    String modelVersion;

    @Option(names = "--parent-run-id", paramLabel = "ID",
            description = "MLflow parent run of the measured run (default: CARBON_PARENT_RUN_ID).")
    String parentRunId;

    private final CliEnvironment environment;
    private LedgerConfig config;
    private Optional<SigningKey> key = Optional.empty();

    LedgerOptions(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public void checkOptions() {
        Optional<String> location = Optional.ofNullable(ledger).or(() -> nonBlank(LedgerLocation.LEDGER_ENV));
        if (location.isEmpty()) {
            if (keyFile != null) {
                throw new ParameterException(mixee.commandLine(), "--ledger-key needs --ledger or CARBON_LEDGER");
            }
            return;
        }
        try {
            config = LedgerConfig.fromEnvironment(environment.env()).withLocation(LedgerLocation.parse(location.get()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), (ledger != null ? "--ledger: " : "CARBON_LEDGER: ")
                    + e.getMessage());
        }
        Optional<Path> keyPath = Optional.ofNullable(keyFile).or(() -> nonBlank(LedgerConfig.KEY_ENV).map(Path::of));
        if (keyPath.isPresent()) {
            try {
                key = Optional.of(SigningKey.load(keyPath.get()));
            } catch (IOException e) {
                throw new ParameterException(mixee.commandLine(), (keyFile != null ? "--ledger-key: "
                        : LedgerConfig.KEY_ENV + ": ") + e.getMessage());
            }
        }
    }

    @Override
    public void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) throws IOException {
        if (config == null) {
            return;
        }
        LedgerEntry entry = json.has("inference")
                ? InferenceEntries.fromDocument(json, attribution(json), environment.clock().wallTime())
                : MeasurementEntries.fromDocument(json, attribution(json), environment.clock().wallTime());
        JsonObject ledgerJson = new JsonObject();
        ledgerJson.addProperty("location", config.location().describe());
        ledgerJson.addProperty("entry_id", entry.entryId().toString());
        try (CarbonLedger carbonLedger = key.isPresent() ? CarbonLedger.open(config, key.get())
                : CarbonLedger.open(config)) {
            SignedEntry signed = carbonLedger.sign(entry);
            ledgerJson.addProperty("key_id", signed.keyId());
            CarbonLedger.Delivery delivery = carbonLedger.record(signed);
            ledgerJson.addProperty("appended", delivery.isAppended());
            delivery.appended().ifPresent(a -> {
                ledgerJson.addProperty("seq", a.seq());
                ledgerJson.addProperty("entry_hash", a.entryHash());
            });
            delivery.spooledTo().ifPresent(file -> ledgerJson.addProperty("spooled_to", file.toString()));
            summaryLines.add(summary(signed, delivery));
        } finally {
            json.add("ledger", ledgerJson);
        }
        keyWarning().ifPresent(summaryLines::add);
    }

    private String summary(SignedEntry signed, CarbonLedger.Delivery delivery) {
        String signer = signed.isSigned() ? "signed by key " + PublicKeys.shortId(signed.keyId())
                : "unsigned (no --ledger-key: the gate counts it as no carbon record)";
        if (delivery.isAppended()) {
            return "  ledger: entry " + signed.entryId() + " appended as seq " + delivery.appended().get().seq() + " to "
                    + config.location().describe() + ", " + signer;
        }
        return "  ledger: " + config.location().describe() + " unreachable (" + MeasurementSummary.oneLine(
                delivery.error().orElse("unknown error")) + "); entry " + signed.entryId() + ", " + signer
                + ", spooled to " + delivery.spooledTo().map(Path::getParent).orElse(null)
                + ": 'carbon ledger flush' appends it";
    }

    private Optional<String> keyWarning() {
        Optional<Path> keyPath = Optional.ofNullable(keyFile).or(() -> nonBlank(LedgerConfig.KEY_ENV).map(Path::of));
        return keyPath.filter(KeyFiles::readableByOthers).map(path -> "  warning: the ledger signing key " + path
                + " is readable by other users: chmod 600 it");
    }

    /** What carbon knows, fixed now: the run it logged to, options and their variables, Jenkins, the host. */
    private Attribution attribution(JsonObject json) {
        JsonObject mlflow = json.has("mlflow") && json.get("mlflow").isJsonObject() ? json.getAsJsonObject("mlflow")
                : new JsonObject();
        return Attribution.none()
                .withMlflowRun(string(mlflow, "experiment_id").orElse(env("MLFLOW_EXPERIMENT_ID")),
                        string(mlflow, "run_id").orElse(env("MLFLOW_RUN_ID")))
                .withParentRunId(option(parentRunId, "CARBON_PARENT_RUN_ID"))
                .withPipelineId(option(pipelineId, "CARBON_PIPELINE_ID"))
                .withTeam(option(team, "CARBON_TEAM"))
                .withProject(option(project, "CARBON_PROJECT"))
                .withModelName(option(modelName, "CARBON_MODEL_NAME"))
                .withModelVersion(option(modelVersion, "CARBON_MODEL_VERSION"))
                .withStage(env("STAGE_NAME"))
                .withJenkins(env("JOB_NAME"), env("BUILD_NUMBER"), env("NODE_NAME"))
                .withHost(host());
    }

    /** The model the work is for ({@code --model-name}, {@code --model-version} or their variables), when named. */
    Optional<ModelVersion> model() {
        return Optional.ofNullable(option(modelName, "CARBON_MODEL_NAME"))
                .map(name -> ModelVersion.of(name, option(modelVersion, "CARBON_MODEL_VERSION")));
    }

    private String host() {
        String fromEnv = env("CARBON_HOST");
        if (fromEnv != null) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return env("HOSTNAME");
        }
    }

    private String option(String value, String variable) {
        return value != null ? value : env(variable);
    }

    private String env(String variable) {
        return nonBlank(variable).orElse(null);
    }

    private Optional<String> nonBlank(String variable) {
        Map<String, String> env = environment.env();
        String value = env.get(variable);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<String> string(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsString()) : Optional.empty();
    }
}
