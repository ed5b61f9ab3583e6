package io.carbonmlops.mlflow.gate.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class RestRegistryApiTest {
    @Test
    void searchesFollowPageTokensAndStopAtTheLimit() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(json("{\"experiments\":[{\"experiment_id\":\"1\"}],\"next_page_token\":\"p2\"}"));
            server.enqueue(json("{\"experiments\":[{\"experiment_id\":\"2\"}]}"));
            server.enqueue(json("{\"runs\":[{\"info\":{\"run_id\":\"a\"}},{\"info\":{\"run_id\":\"b\"}}],"
                    + "\"next_page_token\":\"more\"}"));
            server.start();
            try (MlflowClient client = new MlflowClient(MlflowConfig.of(server.url("/").toString()))) {
                RestRegistryApi api = new RestRegistryApi(client);
                assertThat(api.experimentIds()).containsExactly("1", "2");
                assertThat(api.searchRuns(List.of("1"), "tags.team = 'x'", 2)).extracting(RunRecord::runId)
                        .containsExactly("a", "b");
            }
            assertThat(server.takeRequest().getBody().utf8()).doesNotContain("page_token");
            assertThat(server.takeRequest().getBody().utf8()).contains("\"page_token\":\"p2\"");
            assertThat(server.takeRequest().getBody().utf8()).contains("\"max_results\":2", "\"run_view_type\":\"ALL\"");
            assertThat(server.getRequestCount()).as("the limit is reached: no further page").isEqualTo(3);
        }
    }

    @Test
    void everyRunIsHandedOnPageByPageWithoutALimit() throws Exception {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(json("{\"runs\":[{\"info\":{\"run_id\":\"a\"}},{\"info\":{\"run_id\":\"b\"}}],"
                    + "\"next_page_token\":\"p2\"}"));
            server.enqueue(json("{\"runs\":[{\"info\":{\"run_id\":\"c\"}},{\"info\":{\"run_id\":\"d\"}}],"
                    + "\"next_page_token\":\"p3\"}"));
            server.enqueue(json("{\"runs\":[{\"info\":{\"run_id\":\"e\"}}]}"));
            server.start();
            List<String> seen = new ArrayList<>();
            try (MlflowClient client = new MlflowClient(MlflowConfig.of(server.url("/").toString()))) {
                new RestRegistryApi(client, 2).forEachRun(List.of("1"), "tags.team = 'x'", run -> seen.add(run.runId()));
            }
            assertThat(seen).containsExactly("a", "b", "c", "d", "e");
            assertThat(server.getRequestCount()).isEqualTo(3);
        }
    }

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }
}
