package io.carbonmlops.mlflow;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where MLflow is and how to reach it, read from the same variables the MLflow Python client reads.
 *
 * <p>Credentials: with both username and password set, requests carry HTTP Basic auth; otherwise a token is sent as
 * {@code Bearer} (MLflow's own precedence). {@link #toString()} never shows a secret.
 *
 * @param trackingUri     {@code http(s)://host[:port][/prefix]}, without a trailing slash
 * @param token           {@code MLFLOW_TRACKING_TOKEN}, if any
 * @param username        {@code MLFLOW_TRACKING_USERNAME}, if any
 * @param password        {@code MLFLOW_TRACKING_PASSWORD}, if any
 * @param connectTimeout  TCP connect timeout
 * @param responseTimeout longest wait for a response (MLflow's {@code MLFLOW_HTTP_REQUEST_TIMEOUT}, seconds)
 * @param maxAttempts     attempts for requests that are safe to repeat (1 = no retry)
 * @param retryBackoff    wait before the second attempt; doubled for each further attempt
 */
public record MlflowConfig(
        URI trackingUri,
        Optional<String> token,
        Optional<String> username,
        Optional<String> password,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxAttempts,
        Duration retryBackoff) {

    public static final String TRACKING_URI = "MLFLOW_TRACKING_URI";
    public static final String TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
    public static final String TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
    public static final String TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
    public static final String REQUEST_TIMEOUT = "MLFLOW_HTTP_REQUEST_TIMEOUT";

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

    public MlflowConfig {
        Objects.requireNonNull(trackingUri, "trackingUri");
        String scheme = trackingUri.getScheme() == null ? "" : trackingUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("MLflow tracking URI must be http:// or https://, was '" + trackingUri
                    + "' (carbon-mlops talks to an MLflow server; start one with `mlflow server`)");
        }
        if (trackingUri.getUserInfo() != null) {
            throw new IllegalArgumentException("put MLflow credentials in " + TRACKING_USERNAME + "/" + TRACKING_PASSWORD
                    + ", not in the tracking URI");
        }
        trackingUri = URI.create(trackingUri.toString().replaceAll("/+$", ""));
        token = Objects.requireNonNull(token, "token").filter(s -> !s.isBlank());
        username = Objects.requireNonNull(username, "username").filter(s -> !s.isBlank());
        password = Objects.requireNonNull(password, "password").filter(s -> !s.isEmpty());
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /** A configuration for {@code uri} with no credentials and default timeouts. */
    public static MlflowConfig of(String uri) {
        return new MlflowConfig(URI.create(uri), Optional.empty(), Optional.empty(), Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF);
    }

    /** Whether {@code MLFLOW_TRACKING_URI} is set, i.e. whether MLflow logging can be configured from the environment. */
    public static boolean isConfigured(Map<String, String> env) {
        String uri = env.get(TRACKING_URI);
        return uri != null && !uri.isBlank();
    }

    /**
     * Reads {@code MLFLOW_TRACKING_URI}, {@code MLFLOW_TRACKING_TOKEN}, {@code MLFLOW_TRACKING_USERNAME},
     * {@code MLFLOW_TRACKING_PASSWORD} and {@code MLFLOW_HTTP_REQUEST_TIMEOUT}.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static MlflowConfig fromEnvironment(Map<String, String> env) {
        if (!isConfigured(env)) {
            throw new IllegalArgumentException(TRACKING_URI + " is not set: export it (e.g. http://127.0.0.1:5000) "
                    + "to log to MLflow");
        }
        MlflowConfig config = of(env.get(TRACKING_URI).strip());
        Optional<String> user = Optional.ofNullable(env.get(TRACKING_USERNAME));
        Optional<String> pass = Optional.ofNullable(env.get(TRACKING_PASSWORD));
        if (user.filter(s -> !s.isBlank()).isPresent() != pass.filter(s -> !s.isEmpty()).isPresent()) {
            throw new IllegalArgumentException("set both " + TRACKING_USERNAME + " and " + TRACKING_PASSWORD
                    + ", or neither");
        }
        Duration response = DEFAULT_RESPONSE_TIMEOUT;
        String timeout = env.get(REQUEST_TIMEOUT);
        if (timeout != null && !timeout.isBlank()) {
            try {
                response = Duration.ofMillis(Math.round(Double.parseDouble(timeout.strip()) * 1000));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(REQUEST_TIMEOUT + " must be a number of seconds, was '" + timeout + "'");
            }
        }
        return new MlflowConfig(config.trackingUri(), Optional.ofNullable(env.get(TRACKING_TOKEN)), user, pass,
                DEFAULT_CONNECT_TIMEOUT, response, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF);
    }

    public MlflowConfig withBasicAuth(String user, String pass) {
        return new MlflowConfig(trackingUri, token, Optional.of(user), Optional.of(pass), connectTimeout,
                responseTimeout, maxAttempts, retryBackoff);
    }

    public MlflowConfig withToken(String newToken) {
        return new MlflowConfig(trackingUri, Optional.of(newToken), username, password, connectTimeout,
                responseTimeout, maxAttempts, retryBackoff);
    }

    public MlflowConfig withTimeouts(Duration connect, Duration response) {
        return new MlflowConfig(trackingUri, token, username, password, connect, response, maxAttempts, retryBackoff);
    }

    public MlflowConfig withRetries(int attempts, Duration backoff) {
        return new MlflowConfig(trackingUri, token, username, password, connectTimeout, responseTimeout, attempts,
                backoff);
    }

    /** The {@code Authorization} header value, if credentials are configured. */
    public Optional<String> authorizationHeader() {
        if (username.isPresent() && password.isPresent()) {
            String pair = username.get() + ":" + password.get();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return token.map(t -> "Bearer " + t);
    }

    /** How requests authenticate, without the secret: {@code basic (user admin)}, {@code bearer token} or {@code none}. */
    public String authDescription() {
        if (username.isPresent() && password.isPresent()) {
            return "basic (user " + username.get() + ")";
        }
        return token.isPresent() ? "bearer token" : "none";
    }

    @Override
    public String toString() {
        return "MlflowConfig[" + trackingUri + ", auth " + authDescription() + ", connect " + connectTimeout.toMillis()
                + " ms, response " + responseTimeout.toMillis() + " ms, attempts " + maxAttempts + "]";
    }
}
