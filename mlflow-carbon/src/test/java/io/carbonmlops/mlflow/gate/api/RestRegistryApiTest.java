package io.carbonmlops.mlflow.gate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
            try (RestRegistryApi api = RestRegistryApi.create(URI.create(server.url("/").toString()), Optional.empty(),
                    Duration.ofSeconds(5))) {
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

    private static MockResponse json(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** The URI is echoed by later errors ("MLflow did not answer … at <uri>"), so credentials in it are refused. */
    @ParameterizedTest
    @ValueSource(strings = {"http://admin:s3cret@127.0.0.1:5000", "ftp://admin:s3cret@127.0.0.1:5000"})
    void credentialsInTheTrackingUriAreRefusedWithoutBeingRepeated(String uri) {
        assertThatThrownBy(() -> RestRegistryApi.create(URI.create(uri), Optional.empty(), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MLFLOW_TRACKING_USERNAME")
                .hasMessageNotContaining("s3cret");
    }
}
