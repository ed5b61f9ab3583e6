package io.carbonmlops.jenkins.tracking;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The variables a tracked body sees, so that the training script's own MLflow calls land in the block's run
 * (the MLflow clients read {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_RUN_ID}, {@code MLFLOW_EXPERIMENT_ID} and
 * the auth variables) and scripts can read the carbon settings.
 */
public final class TrackingEnvironment {
    public static final String MLFLOW_TRACKING_URI = "MLFLOW_TRACKING_URI";
    public static final String MLFLOW_RUN_ID = "MLFLOW_RUN_ID";
    public static final String MLFLOW_EXPERIMENT_ID = "MLFLOW_EXPERIMENT_ID";
    public static final String MLFLOW_TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
    public static final String MLFLOW_TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
    public static final String MLFLOW_TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
    public static final String CARBON_METER_ID = "CARBON_METER_ID";
    public static final String CARBON_ZONE = "CARBON_ZONE";
    public static final String CARBON_PUE = "CARBON_PUE";
    public static final String CARBON_GPUS = "CARBON_GPUS";
    public static final String CARBON_EXPERIMENT = "CARBON_EXPERIMENT";

    /** Names whose values are secrets: Pipeline masks them in the log and warns about Groovy interpolation. */
    public static final Set<String> SENSITIVE = Set.of(MLFLOW_TRACKING_PASSWORD, MLFLOW_TRACKING_TOKEN);

    private TrackingEnvironment() {}

    /**
     * Every variable for the body, in a stable order; absent settings export nothing.
     *
     * @param access the build's MLflow access; null when MLflow is not configured (no MLflow variables then)
     * @param run    the block's run; null when it could not be started (no run or experiment id then, so the
     *               script's own MLflow calls do not pretend to land in the block's run)
     */
    public static Map<String, String> forBody(MlflowAccess access, StartedRun run, TrackingSettings settings, String meterId) {
        Map<String, String> env = new LinkedHashMap<>();
        if (access != null) {
            env.put(MLFLOW_TRACKING_URI, access.trackingUri());
            if (run != null) {
                env.put(MLFLOW_RUN_ID, run.runId());
                env.put(MLFLOW_EXPERIMENT_ID, run.experimentId());
            }
            putIfPresent(env, MLFLOW_TRACKING_USERNAME, access.username());
            putIfPresent(env, MLFLOW_TRACKING_PASSWORD, access.password());
            putIfPresent(env, MLFLOW_TRACKING_TOKEN, access.token());
        }
        env.put(CARBON_METER_ID, meterId);
        env.put(CARBON_EXPERIMENT, settings.experiment());
        putIfPresent(env, CARBON_ZONE, settings.zone());
        env.put(CARBON_PUE, String.format(Locale.ROOT, "%s", settings.pue()));
        putIfPresent(env, CARBON_GPUS, settings.gpus());
        return env;
    }

    /** The values of the sensitive variables among {@code variables}, for the console's mask. */
    public static List<String> sensitiveValues(Map<String, String> variables) {
        List<String> values = new ArrayList<>();
        variables.forEach((name, value) -> {
            if (SENSITIVE.contains(name) && value != null && !value.isEmpty()) {
                values.add(value);
            }
        });
        return values;
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
