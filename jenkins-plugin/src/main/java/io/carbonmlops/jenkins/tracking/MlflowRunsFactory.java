package io.carbonmlops.jenkins.tracking;

import com.google.gson.JsonObject;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/** The {@link MlflowRuns} the plugin uses. */
public final class MlflowRunsFactory {
    private MlflowRunsFactory() {}

    /** MLflow over its REST API with mlflow-carbon's client and spool. */
    public static MlflowRuns rest(MlflowAccess access) {
        return new RestMlflowRuns(access);
    }

    /** For a controller without a tracking URI: every call fails with the remedy. */
    public static MlflowRuns unconfigured() {
        return new MlflowRuns() {
            @Override
            public StartedRun start(String experiment, String runName, String existingRunId, Map<String, String> tags)
                    throws IOException {
                throw new IOException("no MLflow tracking URI is configured (Manage Jenkins → System → carbon-mlops)");
            }

            @Override
            public Delivery log(StartedRun run, String experiment, String runName, Measurement measurement,
                    Optional<CarbonFootprint> footprint, Optional<JsonObject> shift, Map<String, String> tags,
                    BodyOutcome outcome) throws IOException {
                throw new IOException("no MLflow tracking URI is configured (Manage Jenkins → System → carbon-mlops)");
            }

            @Override
            public void endWithoutRecord(StartedRun run, Map<String, String> tags, BodyOutcome outcome) throws IOException {
                throw new IOException("no MLflow tracking URI is configured (Manage Jenkins → System → carbon-mlops)");
            }
        };
    }
}
