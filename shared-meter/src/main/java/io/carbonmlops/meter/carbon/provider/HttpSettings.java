package io.carbonmlops.meter.carbon.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a grid API lives and how long to wait for it.
 *
 * @param baseUrl         e.g. {@code https://api.electricitymaps.com/v3}; tests point it at a local server
 * @param connectTimeout  TCP connect timeout
 * @param responseTimeout longest wait for the next bytes of the response (a throttled body times out too)
 */
public record HttpSettings(URI baseUrl, Duration connectTimeout, Duration responseTimeout) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(5);

    public HttpSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(responseTimeout, "responseTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero() || responseTimeout.isNegative()
                || responseTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, were " + connectTimeout + " and "
                    + responseTimeout);
        }
    }

    public static HttpSettings of(String baseUrl) {
        return new HttpSettings(URI.create(baseUrl), DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
    }

    /**
     * Base URL from {@code urlVariable} (else the default), timeouts from {@code CARBON_PROVIDER_CONNECT_TIMEOUT_MS}
     * and {@code CARBON_PROVIDER_TIMEOUT_MS}.
     */
    public static HttpSettings fromEnvironment(Map<String, String> env, String urlVariable, String defaultUrl) {
        return new HttpSettings(URI.create(env.getOrDefault(urlVariable, defaultUrl)),
                millis(env, "CARBON_PROVIDER_CONNECT_TIMEOUT_MS", DEFAULT_CONNECT_TIMEOUT),
                millis(env, "CARBON_PROVIDER_TIMEOUT_MS", DEFAULT_RESPONSE_TIMEOUT));
    }

    private static Duration millis(Map<String, String> env, String variable, Duration fallback) {
        String text = env.get(variable);
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " must be a whole number of milliseconds, was '" + text
                    + "'");
        }
    }

    /** Base URL joined with a path that starts with '/'. */
    public String url(String path) {
        String base = baseUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
    }
}
