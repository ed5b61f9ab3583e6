package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who and what a carbon record belongs to, fixed when the entry is made and signed with it: later changes to MLflow
 * tags or Jenkins settings do not move the figure to another run, team or pipeline.
 *
 * <p>Every field is optional; an absent one is left out of the payload (never written as {@code null} or ""). The
 * JSON names are the {@code FIELD} constants. Immutable; build with {@link #none()} and the {@code with…} methods.
 */
public final class Attribution {
    public static final String MLFLOW_EXPERIMENT_ID = "mlflow_experiment_id";
    public static final String MLFLOW_RUN_ID = "mlflow_run_id";
    public static final String MLFLOW_PARENT_RUN_ID = "mlflow_parent_run_id";
    public static final String PIPELINE_ID = "pipeline_id";
    public static final String TEAM = "team";
    public static final String PROJECT = "project";
    public static final String MODEL_NAME = "model_name";
    /** A model registry version (inference windows, a gate's judged version); not an indexed column. */
    public static final String MODEL_VERSION = "model_version";
    public static final String STAGE = "stage";
    public static final String JENKINS_JOB = "jenkins_job";
    public static final String JENKINS_BUILD = "jenkins_build";
    public static final String JENKINS_AGENT = "jenkins_agent";
    public static final String HOST = "host";

    /** The field names a payload may carry, in documentation order. */
    public static final List<String> FIELDS = List.of(MLFLOW_EXPERIMENT_ID, MLFLOW_RUN_ID, MLFLOW_PARENT_RUN_ID,
            PIPELINE_ID, TEAM, PROJECT, MODEL_NAME, MODEL_VERSION, STAGE, JENKINS_JOB, JENKINS_BUILD, JENKINS_AGENT, HOST);

    private static final int MAX_LENGTH = 500;
    private static final Attribution NONE = new Attribution(Map.of());

    private final Map<String, String> values;

    private Attribution(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
    }

    public static Attribution none() {
        return NONE;
    }

    /**
     * An attribution from field name to value; blank values are left out.
     *
     * @throws IllegalArgumentException for an unknown field or a value over 500 characters
     */
    public static Attribution of(Map<String, String> values) {
        Attribution result = NONE;
        for (Map.Entry<String, String> e : values.entrySet()) {
            result = result.with(e.getKey(), e.getValue());
        }
        return result;
    }

    /** This attribution with {@code field} set to {@code value}; a null or blank value removes the field. */
    public Attribution with(String field, String value) {
        if (!FIELDS.contains(field)) {
            throw new IllegalArgumentException("unknown attribution field '" + field + "'; known: " + FIELDS);
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        if (value == null || value.isBlank()) {
            copy.remove(field);
        } else if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("attribution " + field + " is " + value.length()
                    + " characters long; at most " + MAX_LENGTH + " are allowed");
        } else {
            copy.put(field, value);
        }
        return new Attribution(copy);
    }

    public Attribution withMlflowRun(String experimentId, String runId) {
        return with(MLFLOW_EXPERIMENT_ID, experimentId).with(MLFLOW_RUN_ID, runId);
    }

    public Attribution withParentRunId(String runId) {
        return with(MLFLOW_PARENT_RUN_ID, runId);
    }

    public Attribution withPipelineId(String pipelineId) {
        return with(PIPELINE_ID, pipelineId);
    }

    public Attribution withTeam(String team) {
        return with(TEAM, team);
    }

    public Attribution withProject(String project) {
        return with(PROJECT, project);
    }

    public Attribution withModelName(String modelName) {
        return with(MODEL_NAME, modelName);
    }

    public Attribution withModelVersion(String version) {
        return with(MODEL_VERSION, version);
    }

    public Attribution withStage(String stage) {
        return with(STAGE, stage);
    }

    public Attribution withJenkins(String job, String build, String agent) {
        return with(JENKINS_JOB, job).with(JENKINS_BUILD, build).with(JENKINS_AGENT, agent);
    }

    public Attribution withHost(String host) {
        return with(HOST, host);
    }

    public Optional<String> get(String field) {
        return Optional.ofNullable(values.get(field));
    }

    public Optional<String> mlflowRunId() {
        return get(MLFLOW_RUN_ID);
    }

    public Optional<String> team() {
        return get(TEAM);
    }

    /** The fields that are set, by name. */
    public Map<String, String> asMap() {
        return values;
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        values.forEach(json::addProperty);
        return json;
    }

    static Attribution fromJson(JsonObject json) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.entrySet()) {
            JsonElement value = e.getValue();
            if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                throw new IllegalArgumentException("attribution " + e.getKey() + " must be a string, was " + value);
            }
            values.put(e.getKey(), value.getAsString());
        }
        return of(values);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Attribution that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "Attribution" + values;
    }
}
