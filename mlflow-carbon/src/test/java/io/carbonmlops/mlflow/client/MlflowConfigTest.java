package io.carbonmlops.mlflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading the standard MLflow variables: the one precedence rule, credentials never echoed, clear errors. */
class MlflowConfigTest {
    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString()); // no ~/.mlflow/credentials unless a test writes one
        env.put("MLFLOW_TRACKING_URI", "http://127.0.0.1:5000/");
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private static String header(MlflowConfig config) {
        return config.credentials().authorizationHeader().orElse("none");
    }

    @Test
    void basicAuthWinsWhenUsernameAndPasswordAreBothSetAsInMlflowsOwnClient() {
        MlflowConfig config = MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "alice",
                "MLFLOW_TRACKING_PASSWORD", "s3cret", "MLFLOW_TRACKING_TOKEN", "tok-123"));

        assertThat(header(config)).isEqualTo("Basic YWxpY2U6czNjcmV0");
        assertThat(config.toString()).contains("basic (user alice)").doesNotContain("s3cret", "tok-123");
    }

    @Test
    void aTokenIsUsedWhenThereIsNoUsernameAndPasswordPair() {
        assertThat(header(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_TOKEN", "tok-123")))).isEqualTo("Bearer tok-123");
        assertThat(header(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "alice",
                "MLFLOW_TRACKING_TOKEN", "tok-123")))).isEqualTo("Bearer tok-123");
        assertThat(header(MlflowConfig.fromEnvironment(env()))).isEqualTo("none");
    }

    @Test
    void halfACredentialPairWithoutATokenIsAnErrorNotAnonymousAccess() {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "alice")))
                .hasMessageContaining("MLFLOW_TRACKING_PASSWORD");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_PASSWORD", "s3cret")))
                .hasMessageContaining("MLFLOW_TRACKING_USERNAME").hasMessageNotContaining("s3cret");
    }

    @Test
    void theCredentialsFileOfMlflowLoginIsReadAfterTheEnvironmentFieldByField() throws Exception {
        Files.createDirectories(home.resolve(".mlflow"));
        Files.writeString(home.resolve(".mlflow/credentials"), """
                [other]
                mlflow_tracking_username = mallory
                [mlflow]
                mlflow_tracking_username = carol
                mlflow_tracking_password = from-file
                """);

        assertThat(header(MlflowConfig.fromEnvironment(env()))).isEqualTo(basic("carol", "from-file"));
        assertThat(header(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_PASSWORD", "from-env"))))
                .isEqualTo(basic("carol", "from-env"));
        assertThat(header(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_USERNAME", "dave"))))
                .isEqualTo(basic("dave", "from-file"));
    }

    private static String basic(String user, String password) {
        return MlflowCredentials.resolve(user, password, null).authorizationHeader().orElseThrow();
    }

    /** The scheme check came first and printed the URI, password included. */
    @ParameterizedTest
    @ValueSource(strings = {"htps://admin:s3cret@mlflow.example", "http://admin:s3cret@127.0.0.1:5000",
            "ftp://admin:s3cret@h", "http://admin:s3 cret@h/x y", "https://tok-s3cret@h"})
    void credentialsInTheTrackingUriAreRefusedWithoutBeingRepeated(String uri) {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_URI", uri)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not contain credentials").hasMessageContaining("MLFLOW_TRACKING_USERNAME")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> MlflowConfig.of(uri)).hasMessageNotContaining("s3cret");
    }

    @Test
    void onlyHttpServersAreSupported() {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_URI", "file:///tmp/mlruns")))
                .hasMessageContaining("http(s)://host");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_URI", "databricks")))
                .hasMessageContaining("http(s)://host");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(Map.of())).hasMessageContaining("MLFLOW_TRACKING_URI");
        assertThat(MlflowConfig.of("http://h:5000/").trackingUri().toString()).isEqualTo("http://h:5000");
    }

    @Test
    void timeoutsAndRetriesComeFromMlflowsVariablesAndOurConnectTimeout() {
        MlflowConfig defaults = MlflowConfig.fromEnvironment(env());
        MlflowConfig set = MlflowConfig.fromEnvironment(env("MLFLOW_HTTP_REQUEST_TIMEOUT", "2.5",
                "CARBON_MLFLOW_CONNECT_TIMEOUT", "3", "MLFLOW_HTTP_REQUEST_MAX_RETRIES", "0",
                "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR", "2"));

        assertThat(defaults.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.responseTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(defaults.maxAttempts()).isEqualTo(3);
        assertThat(set.responseTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(set.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(set.maxAttempts()).isEqualTo(1);
        assertThat(set.retryBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_HTTP_REQUEST_TIMEOUT", "soon")))
                .hasMessageContaining("MLFLOW_HTTP_REQUEST_TIMEOUT must be a number").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_HTTP_REQUEST_MAX_RETRIES", "99")))
                .hasMessageContaining("from 0 to 10");
    }

    @Test
    void tlsVariablesAreReadAsMlflowReadsThem() {
        assertThat(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_INSECURE_TLS", "1")).insecureTls()).isTrue();
        assertThat(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_INSECURE_TLS", "false")).insecureTls()).isFalse();
        assertThat(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_SERVER_CERT_PATH", "/etc/ca.pem")).serverCertPath())
                .contains(Path.of("/etc/ca.pem"));
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_INSECURE_TLS", "yes")))
                .hasMessageContaining("true, false, 1 or 0");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_INSECURE_TLS", "true",
                "MLFLOW_TRACKING_SERVER_CERT_PATH", "/etc/ca.pem"))).hasMessageContaining("not both");
    }

    @Test
    void waysOfSigningThisClientLacksAreRefusedRatherThanIgnored() {
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_CLIENT_CERT_PATH", "/c.pem")))
                .hasMessageContaining("MLFLOW_TRACKING_CLIENT_CERT_PATH");
        assertThatThrownBy(() -> MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_AWS_SIGV4", "true")))
                .hasMessageContaining("MLFLOW_TRACKING_AWS_SIGV4");
        assertThat(MlflowConfig.fromEnvironment(env("MLFLOW_TRACKING_AWS_SIGV4", "false")).credentials().describe())
                .isEqualTo("none");
    }
}
