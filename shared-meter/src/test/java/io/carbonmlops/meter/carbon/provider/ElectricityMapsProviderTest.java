package io.carbonmlops.meter.carbon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.LocalApiServer;
import io.carbonmlops.meter.carbon.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Real HTTP against a local server answering in the Electricity Maps v3 format. */
@Timeout(30)
class ElectricityMapsProviderTest {
    static final String TOKEN = "em-token-5f2c9a";
    static final String LATEST = """
            {"zone":"DE","carbonIntensity":302,"datetime":"2026-11-30T03:00:00.000Z",
             "updatedAt":"2026-11-30T03:41:07.182Z","createdAt":"2026-11-27T03:44:12.000Z",
             "emissionFactorType":"lifecycle","isEstimated":true,"estimationMethod":"TIME_SLICER_AVERAGE",
             "temporalGranularity":"hourly"}""";
    static final String PAST_RANGE = """
            {"zone":"DE","data":[
             {"zone":"DE","carbonIntensity":310,"datetime":"2026-11-29T10:00:00.000Z","updatedAt":"2026-11-29T12:00:00.000Z",
              "createdAt":"2026-11-26T10:00:00.000Z","emissionFactorType":"lifecycle","isEstimated":false,"estimationMethod":null},
             {"zone":"DE","carbonIntensity":290,"datetime":"2026-11-29T11:00:00.000Z","updatedAt":"2026-11-29T13:00:00.000Z",
              "createdAt":"2026-11-26T11:00:00.000Z","emissionFactorType":"lifecycle","isEstimated":false,"estimationMethod":null}]}""";
    static final String FORECAST = """
            {"zone":"DE","forecast":[{"carbonIntensity":280,"datetime":"2026-11-30T04:00:00.000Z"},
             {"carbonIntensity":260,"datetime":"2026-11-30T05:00:00.000Z"}],"updatedAt":"2026-11-30T03:30:00.000Z"}""";

    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();

    private ElectricityMapsProvider provider(Optional<Secret> token, Duration responseTimeout) {
        return new ElectricityMapsProvider(api.settings("/v3", responseTimeout), token);
    }

    private ElectricityMapsProvider provider() {
        return provider(Optional.of(Secret.of(TOKEN)), Duration.ofSeconds(5));
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowedSoTheTokenStaysHome() throws Exception {
        try (mockwebserver3.MockWebServer elsewhere = new mockwebserver3.MockWebServer()) {
            elsewhere.start();
            elsewhere.enqueue(new MockResponse.Builder().code(200).body(LATEST).build());
            api.server().enqueue(new MockResponse.Builder().code(302)
                    .setHeader("Location", elsewhere.url("/v3/carbon-intensity/latest?zone=DE").toString()).build());
            try (ElectricityMapsProvider provider = provider()) {
                assertThatThrownBy(() -> provider.latest("DE")).isInstanceOfSatisfying(ProviderException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FallbackReason.HTTP_ERROR);
                    assertThat(e.getMessage()).contains("HTTP 302", "not followed").doesNotContain(TOKEN);
                });
            }
            assertThat(elsewhere.getRequestCount()).as("nothing reached the other host").isZero();
        }
    }

    @Test
    void aRedirectWithinTheSameHostIsFollowed() throws Exception {
        api.server().enqueue(new MockResponse.Builder().code(301)
                .setHeader("Location", api.server().url("/v3/moved/latest?zone=DE").toString()).build());
        api.answer(200, LATEST);
        try (ElectricityMapsProvider provider = provider()) {
            assertThat(provider.latest("DE").gramsPerKwh()).isEqualTo(302.0);
        }
        api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getHeaders().get("auth-token")).isEqualTo(TOKEN);
    }

    @Test
    void latestSendsZoneAndTokenAndReadsTheBareObject() throws Exception {
        api.answer(200, LATEST);
        try (ElectricityMapsProvider provider = provider()) {
            IntensityReading reading = provider.latest("DE");
            assertThat(reading.gramsPerKwh()).isEqualTo(302.0);
            assertThat(reading.kind()).isEqualTo(IntensityKind.MEASURED);
            assertThat(reading.from()).isEqualTo(Instant.parse("2026-11-30T03:00:00Z"));
            assertThat(reading.to()).isEqualTo(Instant.parse("2026-11-30T04:00:00Z"));
            assertThat(reading.source()).contains("carbon-intensity/latest", "lifecycle", "estimated");
        }
        RecordedRequest request = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/latest");
        assertThat(request.getUrl().queryParameter("zone")).isEqualTo("DE");
        assertThat(request.getUrl().queryParameter("emissionFactorType")).isEqualTo("lifecycle");
        assertThat(request.getHeaders().get("auth-token")).isEqualTo(TOKEN);
        assertThat(api.server().takeRequest(100, TimeUnit.MILLISECONDS)).as("exactly one request").isNull();
    }

    @Test
    void pastRangeAsksForTheIntervalAndReturnsHourlyReadings() throws Exception {
        api.answer(200, PAST_RANGE);
        List<IntensityReading> readings;
        try (ElectricityMapsProvider provider = provider()) {
            readings = provider.range("DE", Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T12:00:00Z"));
        }
        assertThat(readings).extracting(IntensityReading::gramsPerKwh).containsExactly(310.0, 290.0);
        assertThat(readings.get(1).from()).isEqualTo(Instant.parse("2026-11-29T11:00:00Z"));
        RecordedRequest request = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/past-range");
        assertThat(request.getUrl().queryParameter("start")).isEqualTo("2026-11-29T10:00:00Z");
        assertThat(request.getUrl().queryParameter("end")).isEqualTo("2026-11-29T12:00:00Z");
    }

    @Test
    void forecastReadsTheForecastArrayAsForecastKind() throws Exception {
        api.answer(200, FORECAST);
        List<IntensityReading> readings;
        try (ElectricityMapsProvider provider = provider()) {
            readings = provider.forecast("DE", Duration.ofHours(24));
        }
        assertThat(readings).extracting(IntensityReading::gramsPerKwh).containsExactly(280.0, 260.0);
        assertThat(readings).allMatch(r -> r.kind() == IntensityKind.FORECAST);
        RecordedRequest request = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/v3/carbon-intensity/forecast");
        assertThat(request.getUrl().queryParameter("horizonHours")).isEqualTo("24");
    }

    @Test
    void http401403429And5xxBecomeTheirReasons() {
        assertReason(401, FallbackReason.UNAUTHORIZED);
        assertReason(403, FallbackReason.FORBIDDEN);
        assertReason(429, FallbackReason.RATE_LIMITED);
        assertReason(500, FallbackReason.SERVER_ERROR);
        assertReason(503, FallbackReason.SERVER_ERROR);
    }

    private void assertReason(int status, FallbackReason reason) {
        api.answer(status, "{\"status\":\"error\",\"message\":\"nope\"}");
        try (ElectricityMapsProvider provider = provider()) {
            assertThatThrownBy(() -> provider.latest("DE"))
                    .isInstanceOfSatisfying(ProviderException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                    .hasMessageContaining("HTTP " + status);
        }
    }

    @Test
    void unknownZoneAtTheProviderIsReportedAsSuch() {
        api.answer(404, "{\"status\":\"error\",\"message\":\"Zone 'XX' does not exist.\"}");
        try (ElectricityMapsProvider provider = provider()) {
            assertThatThrownBy(() -> provider.latest("XX"))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.reason()).isEqualTo(FallbackReason.UNKNOWN_ZONE))
                    .hasMessageContaining("Zone 'XX' does not exist");
        }
    }

    @Test
    void aThrottledBodyTimesOut() {
        // One byte every 30 s against a 500 ms response timeout: the body can never arrive in time.
        api.server().enqueue(new MockResponse.Builder().code(200).body(LATEST).throttleBody(1, 30, TimeUnit.SECONDS).build());
        try (ElectricityMapsProvider provider = provider(Optional.of(Secret.of(TOKEN)), Duration.ofMillis(500))) {
            assertThatThrownBy(() -> provider.latest("DE"))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.reason()).isEqualTo(FallbackReason.TIMEOUT))
                    .hasMessageContaining("timed out");
        }
    }

    @Test
    void truncatedAndMalformedJsonAreMalformedResponses() {
        api.answer(200, LATEST.substring(0, 40));
        api.answer(200, "{\"zone\":\"DE\",\"carbonIntensity\":\"high\",\"datetime\":\"2026-11-30T03:00:00.000Z\"}");
        api.answer(200, "<html>gateway</html>");
        try (ElectricityMapsProvider provider = provider()) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> provider.latest("DE"))
                        .isInstanceOfSatisfying(ProviderException.class,
                                e -> assertThat(e.reason()).isEqualTo(FallbackReason.MALFORMED_RESPONSE));
            }
        }
    }

    @Test
    void withoutATokenNoRequestIsMade() {
        try (ElectricityMapsProvider provider = provider(Optional.empty(), Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> provider.latest("DE"))
                    .isInstanceOfSatisfying(ProviderException.class,
                            e -> assertThat(e.reason()).isEqualTo(FallbackReason.NO_CREDENTIALS))
                    .hasMessageContaining("CARBON_ELECTRICITYMAPS_TOKEN");
        }
        assertThat(api.server().getRequestCount()).isZero();
    }
}
