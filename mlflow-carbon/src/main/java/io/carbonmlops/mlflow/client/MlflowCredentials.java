package io.carbonmlops.mlflow.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * How requests authenticate to MLflow. {@link #resolve} is the one precedence rule, used for the environment, the
 * Jenkins credentials and the proxy's callers alike. No implementation shows a secret in {@link #describe()},
 * {@link #identity()} or {@code toString()}.
 */
public sealed interface MlflowCredentials {

    /** The {@code Authorization} header value, if any. */
    Optional<String> authorizationHeader();

    /** How requests authenticate, without the secret: {@code basic (user admin)}, {@code bearer token}, {@code none}. */
    String describe();

    /**
     * Who writes, without the secret, for matching spooled records to the credentials that may deliver them:
     * {@code none}, {@code basic:<user>}, or {@code bearer:<fingerprint>} (a slow salted hash of the token).
     */
    String identity();

    /** Values that must never appear in a message (redacted by {@link Redaction}). */
    List<String> secrets();

    /**
     * MLflow's own rule (mlflow/utils/rest_utils.py): HTTP Basic when both a username and a password are given;
     * otherwise a bearer token when one is given; otherwise none. A username without a password (or the reverse)
     * and no token is a mistake, not "no credentials".
     *
     * @throws IllegalArgumentException naming the missing half
     */
    static MlflowCredentials resolve(String username, String password, String token) {
        boolean hasUser = username != null && !username.isBlank();
        boolean hasPassword = password != null && !password.isEmpty();
        if (hasUser && hasPassword) {
            return new Basic(username.strip(), password);
        }
        if (token != null && !token.isBlank()) {
            return new Bearer(token.strip());
        }
        if (hasUser || hasPassword) {
            throw new IllegalArgumentException("set both " + MlflowConfig.TRACKING_USERNAME + " and "
                    + MlflowConfig.TRACKING_PASSWORD + " (or " + MlflowConfig.TRACKING_TOKEN + "), not only the "
                    + (hasUser ? "username" : "password"));
        }
        return none();
    }

    static MlflowCredentials none() {
        return None.INSTANCE;
    }

    /**
     * A caller's own {@code Authorization} header (the gate proxy judges with it): Basic and Bearer headers are
     * read as such; any other scheme is passed on as it is.
     */
    static MlflowCredentials ofHeader(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            return none();
        }
        String value = header.get().strip();
        int space = value.indexOf(' ');
        String scheme = space < 0 ? value : value.substring(0, space);
        String rest = space < 0 ? "" : value.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") && !rest.isEmpty()) {
            return new Bearer(rest);
        }
        if (scheme.equalsIgnoreCase("Basic")) {
            try {
                String pair = new String(Base64.getDecoder().decode(rest), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0) {
                    return new Basic(pair.substring(0, colon), pair.substring(colon + 1));
                }
            } catch (IllegalArgumentException notBase64) {
                // passed on as it is: MLflow answers it
            }
        }
        return new OtherHeader(value);
    }

    /** No credentials. */
    final class None implements MlflowCredentials {
        static final None INSTANCE = new None();

        private None() {}

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "none";
        }

        @Override
        public String identity() {
            return "none";
        }

        @Override
        public List<String> secrets() {
            return List.of();
        }

        @Override
        public String toString() {
            return "MlflowCredentials[none]";
        }
    }

    /** HTTP Basic ({@code MLFLOW_TRACKING_USERNAME}/{@code MLFLOW_TRACKING_PASSWORD}). */
    record Basic(String username, String password) implements MlflowCredentials {
        public Basic {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Basic " + encoded());
        }

        private String encoded() {
            return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String describe() {
            return "basic (user " + username + ")";
        }

        /** The user: a changed password still delivers what the same user spooled. */
        @Override
        public String identity() {
            return "basic:" + username;
        }

        @Override
        public List<String> secrets() {
            return List.of(password, encoded());
        }

        @Override
        public String toString() {
            return "MlflowCredentials[" + describe() + "]";
        }
    }

    /** A bearer token ({@code MLFLOW_TRACKING_TOKEN}). */
    record Bearer(String token) implements MlflowCredentials {
        public Bearer {
            Objects.requireNonNull(token, "token");
        }

        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of("Bearer " + token);
        }

        @Override
        public String describe() {
            return "bearer token";
        }

        @Override
        public String identity() {
            return "bearer:" + Fingerprint.of(token);
        }

        @Override
        public List<String> secrets() {
            return List.of(token);
        }

        @Override
        public String toString() {
            return "MlflowCredentials[bearer token]";
        }
    }

    /** A caller's header of another scheme, passed on unchanged. */
    record OtherHeader(String value) implements MlflowCredentials {
        @Override
        public Optional<String> authorizationHeader() {
            return Optional.of(value);
        }

        @Override
        public String describe() {
            int space = value.indexOf(' ');
            return (space < 0 ? "unknown" : value.substring(0, space)) + " header";
        }

        @Override
        public String identity() {
            return "header:" + Fingerprint.of(value);
        }

        @Override
        public List<String> secrets() {
            int space = value.indexOf(' ');
            return space < 0 ? List.of(value) : List.of(value, value.substring(space + 1).strip());
        }

        @Override
        public String toString() {
            return "MlflowCredentials[" + describe() + "]";
        }
    }

    /**
     * A token's fingerprint for the spool: PBKDF2-HMAC-SHA256, 100,000 rounds, a fixed salt, 12 bytes. Slow on
     * purpose, so that a spool file does not let anyone test guesses of a weak token quickly; computed once per token.
     */
    final class Fingerprint {
        private static final byte[] SALT = "carbon-mlops spool credential fingerprint v1".getBytes(StandardCharsets.UTF_8);
        private static final java.util.Map<String, String> CACHE = new java.util.concurrent.ConcurrentHashMap<>();

        private Fingerprint() {}

        static String of(String secret) {
            return CACHE.computeIfAbsent(secret, Fingerprint::compute);
        }

        private static String compute(String secret) {
            try {
                PBEKeySpec spec = new PBEKeySpec(secret.toCharArray(), SALT, 100_000, 96);
                byte[] hash = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
                return HexFormat.of().formatHex(hash);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("PBKDF2WithHmacSHA256 is missing from this JVM", e);
            }
        }
    }
}
