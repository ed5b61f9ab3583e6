package io.carbonmlops.mlflow.gate.proxy;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.MetricKeys;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowException;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTags;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.Verdict;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.api.RunRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rules on the requests the proxy inspects, given their fields as MLflow would read them. Independent of the HTTP
 * server so each rule is tested directly.
 *
 * <p>Carbon figures are guarded as follows: a cumulative carbon figure the run already has ({@code carbon/co2e_kg},
 * {@code carbon/co2e_g} and the energy totals, per run or per stage {@code carbon/stage/<stage>/…}) may only be logged again with a value at
 * least as high as its current one. The MLflow logger re-logs these sums as records are added and replays identical
 * points, both of which pass; a lower figure logged later, which MLflow would show and the gate would judge instead of
 * the real one, is refused. Ratios (intensity), durations, counts and power series are not sums and pass.
 */
public final class RequestInspector {
    /** The sums the MLflow logger writes; only these can be lowered by a later write. */
    private static final Set<String> CUMULATIVE_FIGURES = Set.of(MetricKeys.CO2E_KG, MetricKeys.CO2E_G,
            MetricKeys.ENERGY_KWH, MetricKeys.GPU_ENERGY_KWH, MetricKeys.CPU_ENERGY_KWH, MetricKeys.RAM_ENERGY_KWH,
            MetricKeys.FACILITY_ENERGY_KWH);
    private static final Pattern FIGURE_KEY = Pattern.compile(Pattern.quote(MetricKeys.PREFIX)
            + "(?:stage/[^/]+/)?([^/]+)");

    private final RegistryGate gate;

    public RequestInspector(RegistryGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    /**
     * @param api MLflow as seen with the caller's credentials
     */
    public Ruling inspect(GatedEndpoint endpoint, JsonObject fields, RegistryApi api) {
        try {
            return switch (endpoint) {
                case TRANSITION_STAGE -> promotion(fields, "stage", api);
                case ALIAS -> promotion(fields, "alias", api);
                case LOG_METRIC -> logMetric(fields, api);
                case LOG_BATCH -> logBatch(fields, api);
                case SET_VERSION_TAG -> setVersionTag(fields);
                case CREATE_VERSION -> createVersion(fields);
                case RENAME_MODEL -> renameModel(fields);
                case NONE -> new Ruling.Forward(Optional.empty());
            };
        } catch (MlflowException e) {
            return unavailable(e);
        }
    }

    private Ruling promotion(JsonObject fields, String targetField, RegistryApi api) {
        Optional<String> model = text(fields, "name");
        Optional<String> version = text(fields, "version");
        Optional<String> targetName = text(fields, targetField);
        if (model.isEmpty() || version.isEmpty() || targetName.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: the request needs 'name', 'version' and '" + targetField
                    + "' as strings");
        }
        GateTarget target = targetField.equals("stage") ? GateTarget.stage(targetName.get())
                : GateTarget.alias(targetName.get());
        GateDecision decision = gate.withApi(api).decide(model.get(), version.get(), target);
        if (decision.allowed()) {
            return new Ruling.Forward(Optional.of(decision));
        }
        if (decision.verdict() == Verdict.VERSION_NOT_FOUND) {
            return new Ruling.Refuse(404, "RESOURCE_DOES_NOT_EXIST", decision.summary(), Optional.of(decision));
        }
        return new Ruling.Refuse(403, "PERMISSION_DENIED", decision.summary(), Optional.of(decision));
    }

    private Ruling logMetric(JsonObject fields, RegistryApi api) {
        Optional<String> runId = runIdOf(fields);
        if (runId.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: 'run_id' and 'run_uuid' are missing or disagree");
        }
        Optional<String> key = text(fields, "key");
        if (key.isEmpty()) {
            return new Ruling.Forward(Optional.empty());
        }
        return guardFigures(runId.get(), List.of(new Point(key.get(), fields.get("value"))), api);
    }

    private Ruling logBatch(JsonObject fields, RegistryApi api) {
        JsonElement metrics = fields.get("metrics");
        if (metrics == null || !metrics.isJsonArray()) {
            return new Ruling.Forward(Optional.empty());
        }
        List<Point> points = new ArrayList<>();
        for (JsonElement metric : metrics.getAsJsonArray()) {
            if (!metric.isJsonObject()) {
                return Ruling.Refuse.badRequest("Carbon gate: every entry of 'metrics' must be an object");
            }
            text(metric.getAsJsonObject(), "key")
                    .ifPresent(key -> points.add(new Point(key, metric.getAsJsonObject().get("value"))));
        }
        if (points.stream().noneMatch(Point::isFigure)) {
            return new Ruling.Forward(Optional.empty());
        }
        Optional<String> runId = runIdOf(fields);
        if (runId.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: 'run_id' and 'run_uuid' are missing or disagree");
        }
        return guardFigures(runId.get(), points, api);
    }

    private Ruling guardFigures(String runId, List<Point> points, RegistryApi api) {
        List<Point> figures = points.stream().filter(Point::isFigure).toList();
        if (figures.isEmpty()) {
            return new Ruling.Forward(Optional.empty());
        }
        RunRecord run;
        try {
            run = api.getRun(runId);
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                return new Ruling.Forward(Optional.empty()); // MLflow answers the missing run itself
            }
            throw e;
        }
        for (Point point : figures) {
            OptionalDouble current = run.metric(point.key());
            if (current.isEmpty()) {
                continue;
            }
            OptionalDouble value = point.value();
            if (value.isEmpty() || value.getAsDouble() < current.getAsDouble()) {
                return new Ruling.Refuse(403, "PERMISSION_DENIED", String.format(Locale.ROOT,
                        "Carbon gate refused: run %s already has %s = %s; logging %s afterwards would lower the"
                                + " recorded figure. Carbon figures may be re-logged only with equal or higher values.",
                        runId, point.key(), current.getAsDouble(),
                        value.isPresent() ? Double.toString(value.getAsDouble()) : "a non-number"),
                        Optional.empty());
            }
        }
        return new Ruling.Forward(Optional.empty());
    }

    private static Ruling setVersionTag(JsonObject fields) {
        Optional<String> key = text(fields, "key");
        if (key.isPresent() && key.get().strip().toLowerCase(Locale.ROOT).startsWith(GateTags.PREFIX)) {
            return new Ruling.Refuse(403, "PERMISSION_DENIED", "Carbon gate refused: " + GateTags.PREFIX
                    + "* tags record the gate's decisions and are written only by the gate", Optional.empty());
        }
        return new Ruling.Forward(Optional.empty());
    }

    private static Ruling createVersion(JsonObject fields) {
        JsonElement tags = fields.get("tags");
        if (tags == null || !tags.isJsonArray()) {
            return new Ruling.Forward(Optional.empty());
        }
        for (JsonElement tag : tags.getAsJsonArray()) {
            if (tag.isJsonObject() && setVersionTag(tag.getAsJsonObject()) instanceof Ruling.Refuse refusal) {
                return refusal;
            }
        }
        return new Ruling.Forward(Optional.empty());
    }

    private Ruling renameModel(JsonObject fields) {
        Optional<String> name = text(fields, "name");
        Optional<String> newName = text(fields, "new_name");
        if (name.isEmpty() || newName.isEmpty()) {
            return Ruling.Refuse.badRequest("Carbon gate: a rename needs 'name' and 'new_name' as strings");
        }
        return gate.renameRefusal(name.get(), newName.get())
                .<Ruling>map(why -> new Ruling.Refuse(403, "PERMISSION_DENIED", why, Optional.empty()))
                .orElseGet(() -> new Ruling.Forward(Optional.empty()));
    }

    /**
     * MLflow's own 401 or 403 to the caller's credentials is passed on as such (the caller learns nothing the
     * server would not tell it); anything else means the gate could not judge, so it refuses.
     */
    private static Ruling unavailable(MlflowException e) {
        if (e instanceof MlflowApiException api && api.isAuthFailure()) {
            int status = api.httpStatus();
            return new Ruling.Refuse(status, status == 401 ? "UNAUTHENTICATED" : "PERMISSION_DENIED",
                    "Carbon gate could not read what it must check with your credentials: " + api.serverMessage(),
                    Optional.empty());
        }
        return new Ruling.Refuse(503, "TEMPORARILY_UNAVAILABLE",
                "Carbon gate could not check this request, so it is refused: " + e.getMessage(), Optional.empty());
    }

    /** MLflow takes {@code run_id}, or the deprecated {@code run_uuid}; both present must agree. */
    private static Optional<String> runIdOf(JsonObject fields) {
        Optional<String> runId = text(fields, "run_id");
        Optional<String> runUuid = text(fields, "run_uuid");
        if (runId.isPresent() && runUuid.isPresent() && !runId.equals(runUuid)) {
            return Optional.empty();
        }
        return runId.or(() -> runUuid);
    }

    private static Optional<String> text(JsonObject fields, String name) {
        JsonElement value = fields.get(name);
        if (value == null || !value.isJsonPrimitive()) {
            return Optional.empty();
        }
        String text = value.getAsString();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    private record Point(String key, JsonElement rawValue) {
        boolean isFigure() {
            Matcher matcher = FIGURE_KEY.matcher(key);
            return matcher.matches() && CUMULATIVE_FIGURES.contains(matcher.group(1));
        }

        OptionalDouble value() {
            if (rawValue == null || !rawValue.isJsonPrimitive()) {
                return OptionalDouble.empty();
            }
            try {
                double parsed = Double.parseDouble(rawValue.getAsString());
                return Double.isFinite(parsed) ? OptionalDouble.of(parsed) : OptionalDouble.empty();
            } catch (NumberFormatException e) {
                return OptionalDouble.empty();
            }
        }
    }
}
