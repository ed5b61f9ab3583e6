package io.carbonmlops.mlflow;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowClient.Retry;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.client.MlflowException;
import io.carbonmlops.mlflow.client.MlflowUnreachableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hc.core5.http.ContentType;

/**
 * Logs {@link CarbonRecord}s into MLflow runs: power history, {@code carbon.*} tags, report artifacts, then the
 * record's summary ({@code carbon/records/<id>.json}), then run totals derived from all summaries. Anything that cannot
 * be delivered goes to the {@link Spool}; {@link #flush()} (also tried at the start of each {@link #log}) delivers it
 * later, with this logger's credentials, the entries those credentials spooled. A record is counted once however
 * often it is sent: points carry fixed timestamps, and totals are sums over the summaries.
 *
 * <p>Not thread-safe; one logger per process (or per Jenkins step) is enough.
 */
public final class CarbonRunLogger implements AutoCloseable {
    private static final ContentType HTML = ContentType.create("text/html", StandardCharsets.UTF_8);
    private static final ContentType JSON = ContentType.APPLICATION_JSON;
    private static final int HISTORY_PAGE = 25_000;

    private final MlflowClient client;
    private final Spool spool;
    /** Record summaries already read, by run id and record id: they never change once written. */
    private final Map<String, RecordSummary> summaries = new HashMap<>();

    public CarbonRunLogger(MlflowClient client, Spool spool) {
        this.client = client;
        this.spool = spool;
    }

    /** A logger configured from the {@code MLFLOW_TRACKING_*} variables and {@code CARBON_SPOOL_DIR}. */
    public static CarbonRunLogger fromEnvironment(Map<String, String> env) {
        return new CarbonRunLogger(new MlflowClient(MlflowConfig.fromEnvironment(env)), Spool.fromEnvironment(env));
    }

    public MlflowClient client() {
        return client;
    }

    public Spool spool() {
        return spool;
    }

    /** What happened to one write. */
    public record Delivery(String recordId, boolean delivered, Optional<String> runId, Optional<String> error) {}

    /**
     * What a flush did.
     *
     * @param otherServers     entries left for another {@code MLFLOW_TRACKING_URI}
     * @param otherCredentials entries left for other credentials on this server (each is delivered only by whoever
     *                         spooled it: the same user, or the same token)
     * @param busy             another flush held the spool, so this one did nothing
     */
    public record FlushReport(int delivered, int remaining, int otherServers, int otherCredentials, boolean busy,
            List<String> errors) {

        /** Entries this flush should have delivered and did not. */
        public int undelivered() {
            return remaining - otherServers - otherCredentials;
        }
    }

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

    /** Ends a run this logger created with {@code status}, now; leaves a run it attached to alone. */
    public Delivery endRun(MlflowRun run, RunStatus status) {
        if (!run.createdHere()) {
            return new Delivery("end", true, run.runId(), Optional.empty());
        }
        return deliverOrSpool(RunWrite.endRun(client.config().trackingUri().toString(), run.target(), status,
                System.currentTimeMillis()));
    }

    /** {@link #flush(Duration)} that does nothing when another flush holds the spool. */
    public FlushReport flush() {
        return flush(Duration.ZERO);
    }

    /**
     * Delivers every spooled write meant for this logger's server and credentials, oldest first; stops at the first
     * unreachable. Holds the spool's lock throughout, waiting up to {@code waitForLock} for another flush to end.
     */
    public FlushReport flush(Duration waitForLock) {
        return spool.whileLocked(waitForLock, this::flushLocked).orElseGet(() -> new FlushReport(0, spool.size(), 0, 0,
                true, List.of("another process is delivering the spool " + spool.directory() + " right now")));
    }

    private FlushReport flushLocked() {
        List<String> errors = new ArrayList<>();
        int delivered = 0;
        int otherServers = 0;
        int otherCredentials = 0;
        String uri = client.config().trackingUri().toString();
        String identity = null;
        for (Spool.Entry entry : spool.entries(errors)) {
            if (!entry.write().trackingUri().equals(uri)) {
                otherServers++;
                continue;
            }
            identity = identity != null ? identity : client.config().credentials().identity();
            if (!entry.deliverableBy(identity)) {
                otherCredentials++;
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
        return new FlushReport(delivered, spool.size(), otherServers, otherCredentials, false, errors);
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
     * The messages are the client's, already redacted.
     */
    private String keep(RunWrite write, MlflowException failure) {
        String identity = client.config().credentials().identity();
        if (failure instanceof MlflowApiException api && api.isRejection()) {
            Path file = spool.reject(write, identity, failure.getMessage());
            return "; warning: rejected by the server, not resent: kept in " + file + " (move it back into "
                    + spool.directory() + " once fixed)";
        }
        spool.put(write, identity, failure.getMessage());
        return "; kept in " + spool.directory() + ", deliver with `carbon mlflow flush`";
    }

    /** Sends one write; safe to repeat. Returns the run id. */
    String deliver(RunWrite write) {
        ResolvedRun run = resolve(write.target());
        if (write.summary() != null) {
            if (!recordIds(run).contains(write.recordId())) {
                writeRecord(run, write);
            }
            logTotals(run);
        }
        if (write.endStatus() != null) {
            JsonObject update = new JsonObject();
            update.addProperty("run_id", run.runId());
            update.addProperty("status", write.endStatus().name());
            // the real end, also when the flush runs hours later (0: spooled by a version that did not keep it)
            update.addProperty("end_time", write.endTimeMillis() > 0 ? write.endTimeMillis() : System.currentTimeMillis());
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
        // the summary goes last: once it is in the run, the record is complete
        client.putArtifact(run.experimentId(), run.runId(), write.summaryArtifact(),
                write.summary().getBytes(StandardCharsets.UTF_8), JSON);
        RecordSummary.parse(write.summary()).ifPresent(s -> summaries.put(run.runId() + "/" + write.recordId(), s));
    }

    /** Ids of the records the run holds: summary files, and the tags older versions wrote. */
    private Set<String> recordIds(ResolvedRun run) {
        Set<String> ids = new TreeSet<>(RunTotals.legacyRecordsIn(run.tags()).keySet());
        for (String file : client.listArtifacts(run.experimentId(), run.runId(), RunWrite.RECORDS_DIR)) {
            if (file.endsWith(".json")) {
                ids.add(file.substring(0, file.length() - ".json".length()));
            }
        }
        return ids;
    }

    /**
     * Drops points the run already holds (an earlier, interrupted delivery of the same write). Checked on our side:
     * MLflow's SQL store answers a duplicate point inside a batch with a 400 instead of ignoring it.
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
        Map<String, String> query = new LinkedHashMap<>();
        query.put("run_id", runId);
        query.put("metric_key", key);
        client.forEachPageOfGet("metrics/get-history", query, "metrics", HISTORY_PAGE, metric -> points.add(pointFrom(metric)));
        return points;
    }

    /** Re-reads the run after this record's summary is in, so totals include every record written before it. */
    private void logTotals(ResolvedRun before) {
        ResolvedRun run = getRun(before.runId());
        Map<String, RecordSummary> records = new TreeMap<>(RunTotals.legacyRecordsIn(run.tags()));
        for (String id : recordIds(run)) {
            if (!records.containsKey(id)) {
                summary(run, id).ifPresent(s -> records.put(id, s));
            }
        }
        List<MetricPoint> totals = RunTotals.metrics(records.values()).stream()
                .filter(p -> !p.equals(run.latestMetrics().get(p.key()))) // already logged by an earlier delivery
                .toList();
        for (JsonObject body : LogBatches.split(run.runId(), totals, Map.of())) {
            client.post("runs/log-batch", body, Retry.SAFE);
        }
    }

    private Optional<RecordSummary> summary(ResolvedRun run, String recordId) {
        String key = run.runId() + "/" + recordId;
        RecordSummary known = summaries.get(key);
        if (known != null) {
            return Optional.of(known);
        }
        byte[] json = client.getArtifact(run.experimentId(), run.runId(), RunWrite.RECORDS_DIR + "/" + recordId + ".json");
        Optional<RecordSummary> parsed = RecordSummary.parse(new String(json, StandardCharsets.UTF_8));
        parsed.ifPresent(s -> summaries.put(key, s)); // a hand-edited file is ignored, as the tags were
        return parsed;
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
        if (target.sourceName() != null) {
            // what the UI's "Source" column shows: the script carbon wrapped, as MLflow's own client would set it
            tags.add(tag("mlflow.source.name", target.sourceName()));
            tags.add(tag("mlflow.source.type", "LOCAL"));
        }
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
