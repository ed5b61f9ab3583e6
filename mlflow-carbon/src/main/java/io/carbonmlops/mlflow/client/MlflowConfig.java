package io.carbonmlops.mlflow.client;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where MLflow is and how to reach it, read from the variables MLflow's own Python client reads (docs/mlflow.md lists
 * them with their precedence). {@link #toString()} never shows a secret.
 *
 * @param trackingUri     {@code http(s)://host[:port][/prefix]}, without a trailing slash or credentials
 * @param credentials     how requests authenticate ({@link MlflowCredentials#resolve} decides)
 * @param insecureTls     {@code MLFLOW_TRACKING_INSECURE_TLS}: accept any server certificate and host name
 * @param serverCertPath  {@code MLFLOW_TRACKING_SERVER_CERT_PATH}: PEM CA bundle to trust instead of the JVM's
 * @param connectTimeout  TCP (and TLS) connect timeout; short, because an unreachable server is spooled around
 * @param responseTimeout longest wait for a response ({@code MLFLOW_HTTP_REQUEST_TIMEOUT})
 * @param maxAttempts     attempts for requests that are safe to repeat (1 = no retry)
 * @param retryBackoff    wait before the second attempt; doubled for each further attempt
 * @param unreachableHold after MLflow could not be reached, later calls fail at once for this long (no second
 *                        connect timeout in the same command)
 */
public record MlflowConfig(
        URI trackingUri,
        MlflowCredentials credentials,
        boolean insecureTls,
        Optional<Path> serverCertPath,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxAttempts,
        Duration retryBackoff,
        Duration unreachableHold) {

    public static final String TRACKING_URI = "MLFLOW_TRACKING_URI";
    public static final String TRACKING_USERNAME = "MLFLOW_TRACKING_USERNAME";
    public static final String TRACKING_PASSWORD = "MLFLOW_TRACKING_PASSWORD";
    public static final String TRACKING_TOKEN = "MLFLOW_TRACKING_TOKEN";
    public static final String INSECURE_TLS = "MLFLOW_TRACKING_INSECURE_TLS";
    public static final String SERVER_CERT_PATH = "MLFLOW_TRACKING_SERVER_CERT_PATH";
    public static final String CLIENT_CERT_PATH = "MLFLOW_TRACKING_CLIENT_CERT_PATH";
    public static final String REQUEST_TIMEOUT = "MLFLOW_HTTP_REQUEST_TIMEOUT";
    public static final String MAX_RETRIES = "MLFLOW_HTTP_REQUEST_MAX_RETRIES";
    public static final String BACKOFF_FACTOR = "MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR";
    /** Ours: MLflow has no separate connect timeout. */
    public static final String CONNECT_TIMEOUT = "CARBON_MLFLOW_CONNECT_TIMEOUT";
    /** Ways of signing requests MLflow's Python client has and this client has not. */
    private static final String[] UNSUPPORTED = {"MLFLOW_TRACKING_AUTH", "MLFLOW_TRACKING_AWS_SIGV4"};

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_UNREACHABLE_HOLD = Duration.ofSeconds(10);
    private static final int MAX_RETRIES_LIMIT = 10;
    private static final Pattern USER_INFO = Pattern.compile("^\\s*[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*@");

    public MlflowConfig {
        Objects.requireNonNull(trackingUri, "trackingUri");
        checkNoUserInfo(trackingUri.toString());
        String scheme = trackingUri.getScheme() == null ? "" : trackingUri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || trackingUri.getHost() == null) {
            throw new IllegalArgumentException("the MLflow tracking URI must be http(s)://host[:port], was '"
                    + trackingUri + "' (carbon-mlops talks to an MLflow server; start one with `mlflow server`)");
        }
        trackingUri = URI.create(trackingUri.toString().replaceAll("/+$", ""));
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(serverCertPath, "serverCertPath");
        if (insecureTls && serverCertPath.isPresent()) {
            throw new IllegalArgumentException("set " + INSECURE_TLS + " or " + SERVER_CERT_PATH + ", not both");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(responseTimeout, "responseTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(unreachableHold, "unreachableHold");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
        }
    }

    /** A configuration for {@code uri} with no credentials and the defaults. */
    public static MlflowConfig of(String uri) {
        return new MlflowConfig(parseUri(uri), MlflowCredentials.none(), false, Optional.empty(),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_BACKOFF,
                DEFAULT_UNREACHABLE_HOLD);
    }

    /** Whether {@code MLFLOW_TRACKING_URI} is set, i.e. whether MLflow logging can be configured from the environment. */
    public static boolean isConfigured(Map<String, String> env) {
        String uri = env.get(TRACKING_URI);
        return uri != null && !uri.isBlank();
    }

    /**
     * Reads the tracking URI, the credentials (environment first, then {@code ~/.mlflow/credentials} for the
     * username and password, as MLflow does), TLS settings, timeouts and retries.
     *
     * @throws IllegalArgumentException naming the variable that is missing, malformed or unsupported
     */
    public static MlflowConfig fromEnvironment(Map<String, String> env) {
        if (!isConfigured(env)) {
            throw new IllegalArgumentException(TRACKING_URI + " is not set: export it (e.g. http://127.0.0.1:5000) "
                    + "to use MLflow");
        }
        for (String name : UNSUPPORTED) {
            if (isSet(env, name) && !env.get(name).strip().equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(name + " is set, but carbon-mlops cannot sign requests that way: "
                        + "use " + TRACKING_USERNAME + "/" + TRACKING_PASSWORD + " or " + TRACKING_TOKEN);
            }
        }
        if (isSet(env, CLIENT_CERT_PATH)) {
            throw new IllegalArgumentException(CLIENT_CERT_PATH + " is set, but carbon-mlops does not send TLS client "
                    + "certificates: use " + TRACKING_USERNAME + "/" + TRACKING_PASSWORD + " or " + TRACKING_TOKEN);
        }
        Map<String, String> file = credentialsFile(env);
        MlflowCredentials credentials = MlflowCredentials.resolve(
                firstSet(env.get(TRACKING_USERNAME), file.get(TRACKING_USERNAME.toLowerCase(Locale.ROOT))),
                firstSet(env.get(TRACKING_PASSWORD), file.get(TRACKING_PASSWORD.toLowerCase(Locale.ROOT))),
                env.get(TRACKING_TOKEN));
        int retries = isSet(env, MAX_RETRIES) ? (int) seconds(env, MAX_RETRIES, 0, MAX_RETRIES_LIMIT)
                : DEFAULT_MAX_ATTEMPTS - 1;
        return new MlflowConfig(parseUri(env.get(TRACKING_URI)), credentials, bool(env, INSECURE_TLS),
                Optional.ofNullable(env.get(SERVER_CERT_PATH)).filter(p -> !p.isBlank()).map(p -> Path.of(p.strip())),
                duration(env, CONNECT_TIMEOUT, DEFAULT_CONNECT_TIMEOUT),
                duration(env, REQUEST_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT), retries + 1,
                duration(env, BACKOFF_FACTOR, DEFAULT_RETRY_BACKOFF), DEFAULT_UNREACHABLE_HOLD);
    }

    public MlflowConfig withCredentials(MlflowCredentials newCredentials) {
        return new MlflowConfig(trackingUri, newCredentials, insecureTls, serverCertPath, connectTimeout,
                responseTimeout, maxAttempts, retryBackoff, unreachableHold);
    }

    public MlflowConfig withTimeouts(Duration connect, Duration response) {
        return new MlflowConfig(trackingUri, credentials, insecureTls, serverCertPath, connect, response, maxAttempts,
                retryBackoff, unreachableHold);
    }

    public MlflowConfig withRetries(int attempts, Duration backoff) {
        return new MlflowConfig(trackingUri, credentials, insecureTls, serverCertPath, connectTimeout, responseTimeout,
                attempts, backoff, unreachableHold);
    }

    public MlflowConfig withUnreachableHold(Duration hold) {
        return new MlflowConfig(trackingUri, credentials, insecureTls, serverCertPath, connectTimeout, responseTimeout,
                maxAttempts, retryBackoff, hold);
    }

    @Override
    public String toString() {
        return "MlflowConfig[" + trackingUri + ", auth " + credentials.describe()
                + (insecureTls ? ", TLS unverified" : "") + serverCertPath.map(p -> ", CA " + p).orElse("")
                + ", connect " + connectTimeout.toMillis() + " ms, response " + responseTimeout.toMillis()
                + " ms, attempts " + maxAttempts + "]";
    }

    /** Parses a tracking URI, refusing credentials in it before anything could repeat it. */
    static URI parseUri(String text) {
        Objects.requireNonNull(text, "uri");
        checkNoUserInfo(text);
        try {
            return new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the MLflow tracking URI '" + Redaction.uri(text.strip())
                    + "' is not a valid URI: " + e.getReason());
        }
    }

    private static void checkNoUserInfo(String uri) {
        if (USER_INFO.matcher(uri).find()) {
            throw new IllegalArgumentException("the MLflow tracking URI must not contain credentials (was '"
                    + Redaction.uri(uri.strip()) + "'): put them in " + TRACKING_USERNAME + "/" + TRACKING_PASSWORD
                    + " or " + TRACKING_TOKEN + ", which never appear in messages");
        }
    }

    /** {@code [mlflow]} of {@code ~/.mlflow/credentials} (what {@code mlflow login} writes); empty when absent. */
    private static Map<String, String> credentialsFile(Map<String, String> env) {
        String home = firstSet(env.get("HOME"), System.getProperty("user.home"));
        Path file = Path.of(home, ".mlflow", "credentials");
        Map<String, String> values = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            boolean inMlflow = false;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    inMlflow = line.equals("[mlflow]");
                } else if (inMlflow && !line.startsWith("#") && !line.startsWith(";")) {
                    int sep = indexOfSeparator(line);
                    if (sep > 0) {
                        values.put(line.substring(0, sep).strip().toLowerCase(Locale.ROOT), line.substring(sep + 1).strip());
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return values;
    }

    private static int indexOfSeparator(String line) {
        int equals = line.indexOf('=');
        int colon = line.indexOf(':');
        return equals < 0 ? colon : colon < 0 ? equals : Math.min(equals, colon);
    }

    private static String firstSet(String first, String second) {
        return first != null && !first.isEmpty() ? first : second;
    }

    private static boolean isSet(Map<String, String> env, String name) {
        String value = env.get(name);
        return value != null && !value.isBlank();
    }

    /** MLflow's boolean variables: {@code true}, {@code false}, {@code 1}, {@code 0}, any case. */
    private static boolean bool(Map<String, String> env, String name) {
        if (!isSet(env, name)) {
            return false;
        }
        return switch (env.get(name).strip().toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new IllegalArgumentException(name + " must be true, false, 1 or 0, was '"
                    + env.get(name) + "'");
        };
    }

    private static Duration duration(Map<String, String> env, String name, Duration fallback) {
        if (!isSet(env, name)) {
            return fallback;
        }
        return Duration.ofMillis(Math.round(seconds(env, name, 0.001, 3600) * 1000));
    }

    private static double seconds(Map<String, String> env, String name, double min, double max) {
        String text = env.get(name).strip();
        try {
            double value = Double.parseDouble(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number from " + formatLimit(min) + " to "
                + formatLimit(max) + ", was '" + text + "'");
    }

    private static String formatLimit(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
