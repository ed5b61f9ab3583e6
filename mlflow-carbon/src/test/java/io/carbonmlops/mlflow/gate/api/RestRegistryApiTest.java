package io.carbonmlops.mlflow.gate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.time.Instant;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How MLflow's JSON maps to the facts the gate reads (the real server is exercised by the *MlflowTest classes). */
@Timeout(30)
class RestRegistryApiTest {
    @Test
    void readsWhatMlflowFixesWhenAVersionIsCreated() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(json("{\"model_version\":{\"name\":\"m\",\"version\":\"3\",\"run_id\":\"r1\","
                    + "\"source\":\"models:/m-abc\",\"model_id\":\"m-abc\",\"creation_timestamp\":1764497702123,"
                    + "\"current_stage\":\"None\",\"aliases\":[\"champion\"]}}"));
            server.start();
            try (MlflowClient client = new MlflowClient(MlflowConfig.of(server.url("/").toString()))) {
                ModelVersionRecord version = new RestRegistryApi(client).getModelVersion("m", "3");

                assertThat(version.runId()).contains("r1");
                assertThat(version.source()).isEqualTo("models:/m-abc");
                assertThat(version.modelId()).contains("m-abc");
                assertThat(version.createdAt()).isEqualTo(Instant.ofEpochMilli(1764497702123L));
                assertThat(version.aliases()).containsExactly("champion");
            }
        }
    }

    @Test
    void readsALoggedModelsSourceRunAndAnUnknownOneAsNone() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(json("{\"model\":{\"info\":{\"model_id\":\"m-abc\",\"source_run_id\":\"r9\"}}}"));
            server.enqueue(new MockResponse.Builder().code(404).addHeader("Content-Type", "application/json")
                    .body("{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"no such model\"}").build());
            server.start();
            try (MlflowClient client = new MlflowClient(MlflowConfig.of(server.url("/").toString()))) {
                RestRegistryApi api = new RestRegistryApi(client);

                assertThat(api.loggedModelSourceRun("m-abc")).contains("r9");
                assertThat(api.loggedModelSourceRun("m-gone")).isEmpty();
            }
            assertThat(server.takeRequest().getTarget()).isEqualTo("/api/2.0/mlflow/logged-models/m-abc");
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}
