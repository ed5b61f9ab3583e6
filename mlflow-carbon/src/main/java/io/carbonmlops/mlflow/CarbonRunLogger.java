package io.carbonmlops.mlflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.MlflowRestClient.Retry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.OptionalLong;
import org.apache.hc.core5.http.ContentType;

/**
 * Logs {@link CarbonRecord}s into MLflow runs: power history, {@code carbon.*} tags, report artifacts, then the
 * record's marker tag, then run totals derived from all marker tags. Anything that cannot be delivered goes to the
 * {@link Spool}; {@link #flush()} (also run at the start of each {@link #log}) delivers it later. A record is
 * counted once however often it is sent: points carry fixed timestamps, and totals are sums over marker tags.
 *
 * <p>Not thread-safe; one logger per process is enough.
 */
public final class CarbonRunLogger implements AutoCloseable {
    private static final ContentType HTML = ContentType.create("text/html", StandardCharsets.UTF_8);
    private static final ContentType JSON = ContentType.APPLICATION_JSON;

    private final MlflowRestClient client;
    private final Spool spool;

    public CarbonRunLogger(MlflowRestClient client, Spool spool) {
        this.client = client;
        this.spool = spool;
    }

    /** A logger configured from {@code MLFLOW_TRACKING_*} and {@code CARBON_SPOOL_DIR}. */
    public static CarbonRunLogger fromEnvironment(Map<String, String> env) {
        return new CarbonRunLogger(new MlflowRestClient(MlflowConfig.fromEnvironment(env)), Spool.fromEnvironment(env));
    }

    public MlflowRestClient client() {
        return client;
    }

    public Spool spool() {
        return spool;
    }

    /** What happened to one write. */
    public record Delivery(String recordId, boolean delivered, Optional<String> runId, Optional<String> error) {}

    /** What a flush did. */
    public record FlushReport(int delivered, int remaining, int otherServers, List<String> errors) {}

    /**
     * Attaches to an existing run or creates one (experiment created if missing). If MLflow is unreachable, a run
     * to create is returned without an id and its records are spooled; an existing run is returned as given.
     *
     * @throws MlflowException for errors that waiting will not fix (no such run, permission denied)
     */
    public MlflowRun openRun(RunTarget target) {
        try {
            ResolvedRun run = resolve(target);
            return new MlflowRun(target.isExisting() ? target : target.resolvedTo(run.runId()), Optional.of(run.runId()),
                    Optional.of(run.experimentId()), OptionalLong.of(run.startTimeMillis()), !target.isExisting());
        } catch (MlflowException e) {
            if (!e.isTransient()) {
                throw e;
            }
            return new MlflowRun(target, Optional.ofNullable(target.runId()), Optional.empty(),
                    target.isExisting() ? OptionalLong.empty() : OptionalLong.of(target.startTimeMillis()),
                    !target.isExisting());
        }
    }

    /** Delivers the record now, or spools it; never throws for an MLflow failure. Flushes the spool first. */
    public Delivery log(MlflowRun run, CarbonRecord record) {
        flushQuietly();
        long runStart = run.startTimeMillis().orElse(record.measurement().startedAt().toEpochMilli());
        RunWrite write = RunWriteBuilder.build(client.config().trackingUri().toString(), run.target(), runStart, record);
        return deliverOrSpool(write);
    }

    /** Ends a run this logger created with {@code status}; leaves a run it attached to alone. */
    public Delivery endRun(MlflowRun run, RunStatus status) {
        if (!run.createdHere()) {
            return new Delivery("end", true, run.runId(), Optional.empty());
        }
        return deliverOrSpool(RunWrite.endRun(client.config().trackingUri().toString(), run.target(), status));
    }

    /** Delivers every spooled write meant for this logger's server, oldest first; stops at the first unreachable. */
    public FlushReport flush() {
        List<String> errors = new ArrayList<>();
        List<Spool.Entry> entries = spool.entries(errors);
        int delivered = 0;
        int otherServers = 0;
        String uri = client.config().trackingUri().toString();
        for (Spool.Entry entry : entries) {
            if (!entry.write().trackingUri().equals(uri)) {
                otherServers++;
                continue;
            }
            try {
                deliver(entry.write());
                spool.remove(entry.write().recordId());
                delivered++;
            } catch (MlflowException e) {
                errors.add(entry.write().recordId() + ": " + e.getMessage() + keep(entry.write(), e));
                if (e instanceof MlflowUnreachableException) {
                    break;
                }
            }
        }
        return new FlushReport(delivered, spool.size(), otherServers, errors);
    }

    @Override
    public void close() {
        client.close();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            // the spool stays as it is; the record being logged still gets its own attempt
        }
    }

    private Delivery deliverOrSpool(RunWrite write) {
        try {
            String runId = deliver(write);
            return new Delivery(write.recordId(), true, Optional.of(runId), Optional.empty());
        } catch (MlflowException e) {
            return new Delivery(write.recordId(), false, Optional.ofNullable(write.target().runId()),
                    Optional.of(e.getMessage() + keep(write, e)));
        }
    }

    /**
     * Spools a write that failed, or moves it to the spool's {@code rejected/} folder when the server refused it for
     * good (resending it would fail forever and hold up the writes behind it). Returns what was done, for the message.
     */
    private String keep(RunWrite write, MlflowException failure) {
        if (failure instanceof MlflowApiException api && api.isRejection()) {
            Path file = spool.reject(write, failure.getMessage());
            return "; warning: rejected by the server, not resent: kept in " + file + " (move it back into "
                    + spool.directory() + " once fixed)";
        }
        spool.put(write, failure.getMessage());
        return "; kept in " + spool.directory() + ", deliver with `carbon mlflow flush`";
    }

    /** Sends one write; safe to repeat. Returns the run id. */
    String deliver(RunWrite write) {
        ResolvedRun run = resolve(write.target());
        if (write.markerKey() != null) {
            if (!run.tags().containsKey(write.markerKey())) {
                writeRecord(run, write);
            }
            logTotals(run.runId());
        }
        if (write.endStatus() != null) {
            JsonObject update = new JsonObject();
            update.addProperty("run_id", run.runId());
            update.addProperty("status", write.endStatus().name());
            update.addProperty("end_time", Instant.now().toEpochMilli());
            client.post("runs/update", update, Retry.SAFE);
        }
        return run.runId();
    }

    private void writeRecord(ResolvedRun run, RunWrite write) {
        List<MetricPoint> missing = withoutStoredPoints(run, write.metrics());
        for (JsonObject body : LogBatches.split(run.runId(), missing, write.tags())) {
            client.post("runs/log-batch", body, Retry.SAFE);
        }
        write.artifacts().forEach((path, text) -> client.putArtifact(run.experimentId(), run.runId(), path,
                text.getBytes(StandardCharsets.UTF_8), path.endsWith(".html") ? HTML : JSON));
        // the marker goes last: once it is on the run, the record is complete
        for (JsonObject body : LogBatches.split(run.runId(), List.of(), Map.of(write.markerKey(), write.markerValue()))) {
            client.post("runs/log-batch", body, Retry.SAFE);
        }
    }

    /**
     * Drops points the run already holds (an earlier, interrupted delivery of the same write). Checked on our side:
     * MLflow 3.6's SQL store answers a duplicate point inside a batch with a 400 instead of ignoring it.
     */
    private List<MetricPoint> withoutStoredPoints(ResolvedRun run, List<MetricPoint> points) {
        Set<String> keysOnRun = points.stream().map(MetricPoint::key).filter(run.latestMetrics()::containsKey)
                .collect(Collectors.toCollection(TreeSet::new));
        if (keysOnRun.isEmpty()) {
            return points;
        }
        Set<MetricPoint> stored = new HashSet<>();
        for (String key : keysOnRun) {
            stored.addAll(history(run.runId(), key));
        }
        return points.stream().filter(p -> !stored.contains(p)).toList();
    }

    /** Every point of one metric, paged. */
    public List<MetricPoint> history(String runId, String key) {
        List<MetricPoint> points = new ArrayList<>();
        String pageToken = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("run_id", runId);
            query.put("metric_key", key);
            query.put("max_results", "25000");
            if (pageToken != null) {
                query.put("page_token", pageToken);
            }
            JsonObject page = client.get("metrics/get-history", query);
            if (page.has("metrics")) {
                for (JsonElement metric : page.getAsJsonArray("metrics")) {
                    points.add(pointFrom(metric.getAsJsonObject()));
                }
            }
            pageToken = page.has("next_page_token") ? page.get("next_page_token").getAsString() : null;
        } while (pageToken != null && !pageToken.isEmpty());
        return points;
    }

    private void logTotals(String runId) {
        ResolvedRun run = getRun(runId);
        List<MetricPoint> totals = RunTotals.metrics(RunTotals.recordsIn(run.tags()).values()).stream()
                .filter(p -> !p.equals(run.latestMetrics().get(p.key()))) // already logged by an earlier delivery
                .toList();
        for (JsonObject body : LogBatches.split(runId, totals, Map.of())) {
            client.post("runs/log-batch", body, Retry.SAFE);
        }
    }

    private record ResolvedRun(String runId, String experimentId, long startTimeMillis, Map<String, String> tags,
            Map<String, MetricPoint> latestMetrics) {}

    private ResolvedRun resolve(RunTarget target) {
        if (target.isExisting()) {
            return getRun(target.runId());
        }
        String experimentId = experimentIdFor(target.experimentName());
        Optional<String> existing = findRunByKey(experimentId, target.runKey());
        if (existing.isPresent()) {
            return getRun(existing.get());
        }
        return createRun(experimentId, target);
    }

    private ResolvedRun getRun(String runId) {
        JsonObject run = client.get("runs/get", Map.of("run_id", runId)).getAsJsonObject("run");
        JsonObject info = run.getAsJsonObject("info");
        Map<String, String> tags = new LinkedHashMap<>();
        JsonObject data = run.getAsJsonObject("data");
        if (data != null && data.has("tags")) {
            for (JsonElement tag : data.getAsJsonArray("tags")) {
                JsonObject t = tag.getAsJsonObject();
                tags.put(t.get("key").getAsString(), t.has("value") ? t.get("value").getAsString() : "");
            }
        }
        Map<String, MetricPoint> latest = new LinkedHashMap<>();
        if (data != null && data.has("metrics")) {
            for (JsonElement metric : data.getAsJsonArray("metrics")) {
                JsonObject m = metric.getAsJsonObject();
                if (m.get("key").getAsString().startsWith(MetricKeys.PREFIX)) { // the user's own metrics are not ours to check
                    MetricPoint point = pointFrom(m);
                    latest.put(point.key(), point);
                }
            }
        }
        return new ResolvedRun(runId, info.get("experiment_id").getAsString(), info.get("start_time").getAsLong(), tags,
                latest);
    }

    private static MetricPoint pointFrom(JsonObject metric) {
        return new MetricPoint(metric.get("key").getAsString(), metric.get("value").getAsDouble(),
                metric.get("timestamp").getAsLong(), metric.has("step") ? metric.get("step").getAsLong() : 0);
    }

    /** The experiment's id, creating it when missing (a concurrent creator wins and is used). */
    public String experimentIdFor(String name) {
        Optional<String> id = findExperiment(name);
        if (id.isPresent()) {
            return id.get();
        }
        JsonObject create = new JsonObject();
        create.addProperty("name", name);
        try {
            return client.post("experiments/create", create, Retry.NEVER).get("experiment_id").getAsString();
        } catch (MlflowApiException e) {
            if ("RESOURCE_ALREADY_EXISTS".equals(e.errorCode())) {
                return findExperiment(name).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** The id of the experiment with this name, if there is one. */
    public Optional<String> findExperiment(String name) {
        try {
            JsonObject experiment = client.get("experiments/get-by-name", Map.of("experiment_name", name))
                    .getAsJsonObject("experiment");
            return Optional.of(experiment.get("experiment_id").getAsString());
        } catch (MlflowApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Optional<String> findRunByKey(String experimentId, String runKey) {
        JsonObject search = new JsonObject();
        JsonArray ids = new JsonArray();
        ids.add(experimentId);
        search.add("experiment_ids", ids);
        search.addProperty("filter", "tags.`" + RunTarget.RUN_KEY_TAG + "` = '" + runKey + "'");
        search.addProperty("max_results", 1);
        JsonObject result = client.post("runs/search", search, Retry.SAFE);
        if (!result.has("runs") || result.getAsJsonArray("runs").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(result.getAsJsonArray("runs").get(0).getAsJsonObject().getAsJsonObject("info")
                .get("run_id").getAsString());
    }

    private ResolvedRun createRun(String experimentId, RunTarget target) {
        JsonObject create = new JsonObject();
        create.addProperty("experiment_id", experimentId);
        if (target.runName() != null && !target.runName().isBlank()) {
            create.addProperty("run_name", target.runName());
        }
        create.addProperty("start_time", target.startTimeMillis());
        JsonArray tags = new JsonArray();
        tags.add(tag(RunTarget.RUN_KEY_TAG, target.runKey()));
        tags.add(tag("mlflow.source.name", "carbon-mlops"));
        tags.add(tag("mlflow.user", System.getProperty("user.name", "unknown")));
        create.add("tags", tags);
        // never retried: a lost answer would create a second run; the next resolve finds this one by its key
        JsonObject info = client.post("runs/create", create, Retry.NEVER).getAsJsonObject("run").getAsJsonObject("info");
        return new ResolvedRun(info.get("run_id").getAsString(), experimentId, target.startTimeMillis(),
                Map.of(RunTarget.RUN_KEY_TAG, target.runKey()), Map.of());
    }

    private static JsonObject tag(String key, String value) {
        JsonObject tag = new JsonObject();
        tag.addProperty("key", key);
        tag.addProperty("value", value);
        return tag;
    }
}
