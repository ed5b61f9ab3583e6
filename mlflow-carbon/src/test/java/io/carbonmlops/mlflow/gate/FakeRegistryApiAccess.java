package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.gate.api.RegistryApi;

/** Lets tests in sub-packages drive the package-private {@link FakeRegistryApi}. */
public final class FakeRegistryApiAccess {
    private final FakeRegistryApi api = new FakeRegistryApi();

    public RegistryApi api() {
        return api;
    }

    public void version(String model, String version, String runId) {
        api.version(model, version, runId);
    }

    /** Calls that read MLflow (a rename is judged from the policy alone). */
    public long readCalls() {
        return api.calls.stream().filter(call -> !call.startsWith("transitionStage") && !call.startsWith("setAlias"))
                .count();
    }
}
