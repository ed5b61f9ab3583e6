package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.gate.api.RegistryApi;
import java.util.HashMap;
import java.util.Map;

/** Lets tests in sub-packages drive the package-private {@link FakeRegistryApi}. */
public final class FakeRegistryApiAccess {
    private final FakeRegistryApi api = new FakeRegistryApi();

    public RegistryApi api() {
        return api;
    }

    public void runWithCo2e(String runId, double co2eKg) {
        api.run(runId, "1", co2eKg, Map.of(), 0L);
    }

    public void runWithMetric(String runId, Map<String, Double> metrics) {
        api.runs.put(runId, new io.carbonmlops.mlflow.gate.api.RunRecord(runId, "1", runId, "active", 0L,
                new HashMap<>(metrics), Map.of()));
    }

    public void version(String model, String version, String runId) {
        api.version(model, version, runId);
    }

    public long getRunCalls() {
        return api.calls.stream().filter(call -> call.startsWith("getRun ")).count();
    }
}
