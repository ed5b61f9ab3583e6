package io.carbonmlops.meter.carbon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.carbonmlops.meter.carbon.FakeClock;
import io.carbonmlops.meter.carbon.LocalApiServer;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real HTTP against a local server answering in the WattTime v3 format. */
@Timeout(30)
class WattTimeProviderTest {
    static final String USER = "wt-user";
    static final String PASSWORD = "wt-pass-8d1e";
    static final String JWT = "eyJhbGciOiJIUzI1NiJ9.wt-jwt-body.sig";
    static final String NOWCAST = """
            {"data":[{"point_time":"2026-11-30T03:45:00+00:00","value":1000.0}],
             "meta":{"data_point_period_seconds":300,"region":"CAISO_NORTH","signal_type":"co2_moer",
                     "model":{"date":"2026-10-01"},"units":"lbs_co2_per_mwh","generated_at_period_seconds":300,
                     "generated_at":"2026-11-30T03:45:00+00:00","warnings":[]}}""";
    static final String FORECAST = """
            {"data":[{"point_time":"2026-11-30T03:45:00+00:00","value":900.0},
                     {"point_time":"2026-11-30T03:50:00+00:00","value":850.5}],
             "meta":{"data_point_period_seconds":300,"region":"CAISO_NORTH","signal_type":"co2_moer",
                     "model":{"date":"2026-10-01"},"units":"lbs_co2_per_mwh","generated_at_period_seconds":300,
                     "generated_at":"2026-11-30T03:45:00+00:00","warnings":[]}}""";
    static final String SIGNAL_INDEX = """
            {"data":[{"point_time":"2026-11-30T03:45:00+00:00","value":37.0}],
             "meta":{"region":"CAISO_NORTH","signal_type":"co2_moer","units":"percentile",
                     "data_point_period_seconds":300,"warnings":[]}}""";

    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T03:46:00Z"));

    private WattTimeProvider provider() {
        return new WattTimeProvider(api.settings("/"), Optional.of(Secret.of(USER)), Optional.of(Secret.of(PASSWORD)),
                WattTimeProvider.regions(null), clock);
    }

    private void login() {
        api.answer(200, "{\"token\":\"" + JWT + "\"}");
    }

    @Test
    void logsInWithBasicAuthThenSendsTheBearerTokenAndConvertsPoundsPerMwh() throws Exception {
        login();
        api.answer(200, NOWCAST);
        IntensityReading reading;
        try (WattTimeProvider provider = provider()) {
            reading = provider.latest("US-CAL-CISO");
        }
        assertThat(reading.gramsPerKwh()).isCloseTo(453.59237, within(1e-9));
        assertThat(reading.kind()).as("the current figure is the forecast's first point").isEqualTo(IntensityKind.FORECAST);
        assertThat(reading.to()).isEqualTo(Instant.parse("2026-11-30T03:50:00Z"));
        assertThat(reading.source()).contains("co2_moer", "CAISO_NORTH", "marginal");

        RecordedRequest loginRequest = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(loginRequest.getUrl().encodedPath()).isEqualTo("/login");
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(loginRequest.getHeaders().get("Authorization")).isEqualTo("Basic " + basic);

        RecordedRequest data = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(data.getUrl().encodedPath()).isEqualTo("/v3/forecast");
        assertThat(data.getUrl().queryParameter("region")).isEqualTo("CAISO_NORTH");
        assertThat(data.getUrl().queryParameter("signal_type")).isEqualTo("co2_moer");
        assertThat(data.getUrl().queryParameter("horizon_hours")).isEqualTo("0");
        assertThat(data.getHeaders().get("Authorization")).isEqualTo("Bearer " + JWT);
    }

    @Test
    void reusesTheTokenUntilItExpiresThenLogsInAgain() throws Exception {
        login();
        api.answer(200, FORECAST);
        api.answer(200, SIGNAL_INDEX);
        login();
        api.answer(200, FORECAST);
        try (WattTimeProvider provider = provider()) {
            List<IntensityReading> forecast = provider.forecast("US-CAL-CISO", Duration.ofHours(24));
            assertThat(forecast).extracting(IntensityReading::kind).containsOnly(IntensityKind.FORECAST);
            assertThat(forecast.get(1).gramsPerKwh()).isCloseTo(850.5 * 0.45359237, within(1e-9));
            assertThat(provider.signalIndexPercent("US-CAL-CISO")).isEqualTo(37.0);
            clock.advance(Duration.ofMinutes(26));
            provider.forecast("US-CAL-CISO", Duration.ofHours(24));
        }
        List<String> paths = List.of(path(), path(), path(), path(), path());
        assertThat(paths).containsExactly("/login", "/v3/forecast", "/v3/signal-index", "/login", "/v3/forecast");
    }

    private String path() throws InterruptedException {
        return api.server().takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath();
    }

    @Test
    void rejectedLoginIsUnauthorizedAndRateLimitIsReported() {
        api.answer(401, "{\"error\":\"bad credentials\"}");
        login();
        api.answer(429, "{\"error\":\"rate limited\"}");
        try (WattTimeProvider provider = provider()) {
            assertThatThrownBy(() -> provider.latest("US-CAL-CISO")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.UNAUTHORIZED));
            assertThatThrownBy(() -> provider.latest("US-CAL-CISO")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.RATE_LIMITED));
        }
    }

    @Test
    void unexpectedUnitsAreMalformed() {
        login();
        api.answer(200, SIGNAL_INDEX.replace("\"percentile\"", "\"kg_per_mwh\""));
        try (WattTimeProvider provider = provider()) {
            assertThatThrownBy(() -> provider.latest("US-CAL-CISO")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.MALFORMED_RESPONSE));
        }
    }

    @Test
    void aZoneWithoutAConfiguredRegionIsUnknownAtTheProviderWithoutARequest() {
        try (WattTimeProvider provider = provider()) {
            assertThatThrownBy(() -> provider.latest("DE")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.UNKNOWN_ZONE))
                    .hasMessageContaining("CARBON_WATTTIME_REGIONS");
        }
        assertThat(api.server().getRequestCount()).isZero();
    }

    @Test
    void regionMapParsesZoneEqualsRegionPairs() {
        assertThat(WattTimeProvider.regions("DE=DE, US-NY-NYIS=NYISO"))
                .containsEntry("US-NY-NYIS", "NYISO").containsEntry("US-CAL-CISO", "CAISO_NORTH");
        assertThatThrownBy(() -> WattTimeProvider.regions("DE")).hasMessageContaining("ZONE=REGION");
        assertThat(WattTimeProvider.regions(null)).isEqualTo(Map.of("US-CAL-CISO", "CAISO_NORTH"));
    }
}
