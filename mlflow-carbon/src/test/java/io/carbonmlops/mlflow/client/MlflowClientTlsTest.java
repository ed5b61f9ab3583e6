package io.carbonmlops.mlflow.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code MLFLOW_TRACKING_INSECURE_TLS} and {@code MLFLOW_TRACKING_SERVER_CERT_PATH} against an HTTPS server. */
@Timeout(60)
class MlflowClientTlsTest {
    @TempDir
    static Path dir;
    private final MockWebServer server = new MockWebServer();
    private Path caPem;

    @BeforeEach
    void start() throws Exception {
        Path keystore = dir.resolve("server.p12");
        caPem = dir.resolve("ca.pem");
        if (!Files.exists(keystore)) {
            keytool("-genkeypair", "-alias", "mlflow", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keystore.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "mlflow", "-keystore", keystore.toString(), "-storepass",
                    "changeit", "-file", caPem.toString());
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        server.useHttps(context.getSocketFactory());
        server.start(java.net.InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private String uri() {
        return "https://127.0.0.1:" + server.getPort();
    }

    @Test
    void anUntrustedCertificateFailsWithTheVariableThatFixesIt() {
        try (MlflowClient client = new MlflowClient(MlflowConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", uri())))) {
            assertThatThrownBy(() -> client.get("runs/get", Map.of("run_id", "r")))
                    .isInstanceOf(MlflowUnreachableException.class)
                    .hasMessageContaining("MLFLOW_TRACKING_SERVER_CERT_PATH");
        }
    }

    @Test
    void theServersCaFromServerCertPathIsTrusted() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());
        MlflowConfig config = MlflowConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", uri(),
                "MLFLOW_TRACKING_SERVER_CERT_PATH", caPem.toString()));

        try (MlflowClient client = new MlflowClient(config)) {
            assertThat(client.get("runs/get", Map.of("run_id", "r")).get("ok").getAsBoolean()).isTrue();
        }
    }

    @Test
    void insecureTlsAcceptsAnyCertificate() {
        server.enqueue(new MockResponse.Builder().code(200).body("{\"ok\":true}").build());
        MlflowConfig config = MlflowConfig.fromEnvironment(Map.of("MLFLOW_TRACKING_URI", uri(),
                "MLFLOW_TRACKING_INSECURE_TLS", "TRUE"));

        try (MlflowClient client = new MlflowClient(config)) {
            assertThat(client.get("runs/get", Map.of("run_id", "r")).get("ok").getAsBoolean()).isTrue();
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }
}
