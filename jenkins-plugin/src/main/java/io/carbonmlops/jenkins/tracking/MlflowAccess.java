package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.client.MlflowCredentials;
import java.util.Objects;

/**
 * How to reach MLflow for one build: the tracking URI and the credentials resolved for this build from the
 * Credentials plugin (never stored in configuration, never printed: {@link #toString()} masks them).
 *
 * @param trackingUri MLflow tracking URI
 * @param username    basic-auth user, with {@code password}; null for none
 * @param password    basic-auth password; null for none
 * @param token       bearer token (secret text credential); null for none
 */
public record MlflowAccess(String trackingUri, String username, String password, String token) {
    public MlflowAccess {
        Objects.requireNonNull(trackingUri, "trackingUri");
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("MLflow basic auth needs both a username and a password");
        }
        if (username != null && token != null) {
            throw new IllegalArgumentException("MLflow auth is either username/password or a token, not both");
        }
    }

    /** The one client's configuration: credentials by its one precedence rule ({@link MlflowCredentials#resolve}). */
    public MlflowConfig config() {
        return MlflowConfig.of(trackingUri).withCredentials(MlflowCredentials.resolve(username, password, token));
    }

    public static MlflowAccess anonymous(String trackingUri) {
        return new MlflowAccess(trackingUri, null, null, null);
    }

    @Override
    public String toString() {
        String auth = token != null ? "token ****" : username != null ? "user " + username + " / ****" : "no auth";
        return "MlflowAccess[" + trackingUri + ", " + auth + "]";
    }
}
