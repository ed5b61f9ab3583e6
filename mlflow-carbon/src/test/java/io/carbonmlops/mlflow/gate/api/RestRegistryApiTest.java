package io.carbonmlops.mlflow.gate.api;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RestRegistryApiTest {
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
