package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.api.RunRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory registry and tracking store. Understands exactly the search filters the gate writes
 * ({@code tags.`k` = 'v'} and {@code attributes.start_time >= / < N}, joined by {@code and}) and fails on anything
 * else, so a filter the real server would reject cannot pass here unnoticed.
 */
final class FakeRegistryApi implements RegistryApi {
    private static final Pattern TAG_CLAUSE = Pattern.compile("tags\\.`([^`]+)` = '([^']*)'");
    private static final Pattern TAG_PRESENT_CLAUSE = Pattern.compile("tags\\.`([^`]+)` LIKE '%'");
    private static final Pattern TIME_CLAUSE = Pattern.compile("attributes\\.start_time (>=|<) (\\d+)");

    final Map<String, RunRecord> runs = new LinkedHashMap<>();
    final Map<String, ModelVersionRecord> versions = new HashMap<>();
    final Map<String, Map<String, String>> modelTags = new HashMap<>();
    final Map<String, Map<String, String>> versionTags = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    int searches;

    RunRecord run(String id, String experiment, Double co2eKg, Map<String, String> tags, long startMillis) {
        Map<String, Double> metrics = co2eKg == null ? Map.of() : Map.of(RegistryGate.CO2E_METRIC, co2eKg);
        RunRecord run = new RunRecord(id, experiment, "run-" + id, "active", startMillis, metrics, tags);
        runs.put(id, run);
        return run;
    }

    void version(String model, String version, String runId) {
        versions.put(model + "/" + version, new ModelVersionRecord(model, version, Optional.ofNullable(runId),
                "None", List.of(), Map.of()));
    }

    @Override
    public ModelVersionRecord getModelVersion(String model, String version) {
        calls.add("getModelVersion " + model + " " + version);
        ModelVersionRecord record = versions.get(model + "/" + version);
        if (record == null) {
            throw new MlflowApiException("GET model-versions/get", 404, "RESOURCE_DOES_NOT_EXIST", "no version");
        }
        return record;
    }

    @Override
    public Map<String, String> getRegisteredModelTags(String model) {
        return modelTags.getOrDefault(model, Map.of());
    }

    @Override
    public RunRecord getRun(String runId) {
        calls.add("getRun " + runId);
        RunRecord run = runs.get(runId);
        if (run == null) {
            throw new MlflowApiException("GET runs/get", 404, "RESOURCE_DOES_NOT_EXIST", "no run " + runId);
        }
        return run;
    }

    @Override
    public List<RunRecord> searchRuns(List<String> experimentIds, String filter, int limit) {
        searches++;
        calls.add("searchRuns " + experimentIds + " " + filter);
        List<RunRecord> matches = new ArrayList<>();
        for (RunRecord run : runs.values()) {
            if (experimentIds.contains(run.experimentId()) && matches(run, filter) && matches.size() < limit) {
                matches.add(run);
            }
        }
        return matches;
    }

    private static boolean matches(RunRecord run, String filter) {
        for (String clause : filter.split(" and ")) {
            Matcher tag = TAG_CLAUSE.matcher(clause);
            Matcher time = TIME_CLAUSE.matcher(clause);
            Matcher present = TAG_PRESENT_CLAUSE.matcher(clause);
            if (present.matches()) {
                if (!run.tags().containsKey(present.group(1))) {
                    return false;
                }
            } else if (tag.matches()) {
                if (!tag.group(2).equals(run.tags().get(tag.group(1)))) {
                    return false;
                }
            } else if (time.matches()) {
                long bound = Long.parseLong(time.group(2));
                boolean ok = time.group(1).equals(">=") ? run.startTimeMillis() >= bound
                        : run.startTimeMillis() < bound;
                if (!ok) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("filter clause the fake does not understand: " + clause);
            }
        }
        return true;
    }

    @Override
    public List<String> experimentIds() {
        return runs.values().stream().map(RunRecord::experimentId).distinct().toList();
    }

    @Override
    public void setModelVersionTag(String model, String version, String key, String value) {
        versionTags.computeIfAbsent(model + "/" + version, k -> new LinkedHashMap<>()).put(key, value);
    }

    @Override
    public void transitionStage(String model, String version, String stage, boolean archiveExistingVersions) {
        calls.add("transitionStage " + model + " " + version + " " + stage);
    }

    @Override
    public void setAlias(String model, String alias, String version) {
        calls.add("setAlias " + model + " " + alias + " " + version);
    }
}
