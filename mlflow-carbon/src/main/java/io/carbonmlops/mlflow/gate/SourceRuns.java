package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The runs whose entries count as a version's own, from what MLflow fixed when the version was created: its
 * {@code run_id}, the {@code source_run_id} of its logged model ({@code model_id}, MLflow 3), and the run its source
 * URI names ({@code runs:/ID/…}, {@code models:/m-…}, an artifact path {@code …/EXPERIMENT/RUN/artifacts/…}). A
 * version registered with a cheap run's id but an expensive run's model counts both.
 */
final class SourceRuns {
    private static final Pattern RUNS_URI = Pattern.compile("^runs:/([^/]+)(?:/.*)?$");
    private static final Pattern LOGGED_MODEL_URI = Pattern.compile("^models:/(m-[^/]+)(?:/.*)?$");
    private static final Pattern ARTIFACT_PATH = Pattern.compile("/([0-9a-f]{32})/artifacts(?:/|$)");

    private SourceRuns() {}

    /** Run id to where it was named, in the order found; disagreements are noted. */
    static Map<String, String> of(ModelVersionRecord version, RegistryApi api, List<String> notes) {
        Map<String, String> runs = new LinkedHashMap<>();
        version.runId().ifPresent(id -> runs.put(id, "the version's run_id"));
        version.modelId().ifPresent(modelId -> loggedModelRun(modelId, api, notes)
                .ifPresent(id -> runs.putIfAbsent(id, "the source run of its logged model " + modelId)));
        String source = version.source();
        Matcher runsUri = RUNS_URI.matcher(source);
        Matcher loggedModel = LOGGED_MODEL_URI.matcher(source);
        Matcher artifactPath = ARTIFACT_PATH.matcher(source);
        if (runsUri.matches()) {
            runs.putIfAbsent(runsUri.group(1), "its source URI");
        } else if (loggedModel.matches() && !version.modelId().equals(Optional.of(loggedModel.group(1)))) {
            loggedModelRun(loggedModel.group(1), api, notes)
                    .ifPresent(id -> runs.putIfAbsent(id, "the source run of logged model " + loggedModel.group(1)));
        } else if (artifactPath.find()) {
            runs.putIfAbsent(artifactPath.group(1), "its source artifact path");
        }
        if (runs.size() > 1) {
            notes.add("the version names several source runs, all counted: " + String.join("; ",
                    runs.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").toList()));
        }
        return runs;
    }

    private static Optional<String> loggedModelRun(String modelId, RegistryApi api, List<String> notes) {
        Optional<String> run = api.loggedModelSourceRun(modelId);
        if (run.isEmpty()) {
            notes.add("logged model " + modelId + " names no source run (or no longer exists)");
        }
        return run;
    }
}
