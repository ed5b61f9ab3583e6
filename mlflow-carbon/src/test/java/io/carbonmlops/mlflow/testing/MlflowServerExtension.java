package io.carbonmlops.mlflow.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mlflow.tracking.MlflowClient;

/**
 * One real MLflow server per test class, with MLflow's own Java client as an independent reader of what was logged:
 * {@code @RegisterExtension static final MlflowServerExtension mlflow = new MlflowServerExtension();}.
 */
public final class MlflowServerExtension implements BeforeAllCallback, AfterAllCallback {
    private MlflowServer server;
    private MlflowClient reader;

    @Override
    public void beforeAll(ExtensionContext context) {
        server = MlflowServer.start();
        reader = new MlflowClient(server.trackingUri());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (reader != null) {
            reader.close();
        }
        if (server != null) {
            server.close();
        }
    }

    public MlflowServer server() {
        return server;
    }

    /** MLflow's Java client on the server: reads back what the code under test logged. */
    public MlflowClient reader() {
        return reader;
    }
}
