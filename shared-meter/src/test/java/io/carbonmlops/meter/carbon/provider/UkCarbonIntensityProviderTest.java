package io.carbonmlops.meter.carbon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.carbon.FakeClock;
import io.carbonmlops.meter.carbon.LocalApiServer;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
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

/** Real HTTP against a local server answering in the GB Carbon Intensity API format. */
@Timeout(30)
class UkCarbonIntensityProviderTest {
    static final String NATIONAL = """
            {"data":[{"from":"2026-11-30T03:30Z","to":"2026-11-30T04:00Z",
              "intensity":{"forecast":266,"actual":263,"index":"moderate"}}]}""";
    static final String NATIONAL_RANGE = """
            {"data":[{"from":"2026-11-29T10:00Z","to":"2026-11-29T10:30Z","intensity":{"forecast":200,"actual":210,"index":"moderate"}},
                     {"from":"2026-11-29T10:30Z","to":"2026-11-29T11:00Z","intensity":{"forecast":190,"actual":null,"index":"low"}}]}""";
    static final String REGIONAL = """
            {"data":[{"regionid":9,"dnoregion":"WPD East Midlands","shortname":"East Midlands","postcode":"NG1",
              "data":[{"from":"2026-11-30T03:30Z","to":"2026-11-30T04:00Z","intensity":{"forecast":180,"index":"low"},
                       "generationmix":[{"fuel":"gas","perc":30.1},{"fuel":"wind","perc":40.2}]}]}]}""";

    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();
    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T03:46:10Z"));

    private UkCarbonIntensityProvider provider(Optional<String> postcode) {
        return new UkCarbonIntensityProvider(api.settings("/"), postcode, clock);
    }

    private void answer(String body) {
        api.answer(200, body);
    }

    @Test
    void nationalLatestPrefersTheActualFigure() throws Exception {
        answer(NATIONAL);
        IntensityReading reading;
        try (UkCarbonIntensityProvider provider = provider(Optional.empty())) {
            reading = provider.latest("GB");
        }
        assertThat(reading.gramsPerKwh()).isEqualTo(263.0);
        assertThat(reading.kind()).isEqualTo(IntensityKind.MEASURED);
        assertThat(reading.from()).isEqualTo(Instant.parse("2026-11-30T03:30:00Z"));
        assertThat(reading.to()).isEqualTo(Instant.parse("2026-11-30T04:00:00Z"));
        RecordedRequest request = api.server().takeRequest(1, TimeUnit.SECONDS);
        assertThat(request.getUrl().encodedPath()).isEqualTo("/intensity");
        assertThat(request.getHeaders().get("Authorization")).as("no key for this API").isNull();
    }

    @Test
    void rangeUsesTheFromToPathAndFallsBackToTheForecastWhereNoActualExists() throws Exception {
        answer(NATIONAL_RANGE);
        List<IntensityReading> readings;
        try (UkCarbonIntensityProvider provider = provider(Optional.empty())) {
            readings = provider.range("GB", Instant.parse("2026-11-29T10:00:00Z"), Instant.parse("2026-11-29T11:00:00Z"));
        }
        assertThat(readings).extracting(IntensityReading::gramsPerKwh).containsExactly(210.0, 190.0);
        assertThat(readings).extracting(IntensityReading::kind)
                .containsExactly(IntensityKind.MEASURED, IntensityKind.FORECAST);
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getTarget())
                .isEqualTo("/intensity/2026-11-29T10:00Z/2026-11-29T11:00Z");
    }

    @Test
    void regionalForecastForAPostcode() throws Exception {
        answer(REGIONAL);
        answer(REGIONAL);
        try (UkCarbonIntensityProvider provider = provider(Optional.of("NG1"))) {
            IntensityReading latest = provider.latest("GB");
            assertThat(latest.gramsPerKwh()).isEqualTo(180.0);
            assertThat(latest.kind()).isEqualTo(IntensityKind.FORECAST);
            assertThat(latest.source()).contains("East Midlands", "NG1");
            provider.forecast("GB", Duration.ofHours(48));
        }
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getTarget()).isEqualTo("/regional/postcode/NG1");
        assertThat(api.server().takeRequest(1, TimeUnit.SECONDS).getTarget())
                .isEqualTo("/regional/intensity/2026-11-30T03:46Z/fw48h/postcode/NG1");
    }

    @Test
    void onlyGreatBritainIsCovered() {
        try (UkCarbonIntensityProvider provider = provider(Optional.empty())) {
            assertThatThrownBy(() -> provider.latest("GB-NIR")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.UNKNOWN_ZONE));
        }
        assertThat(api.server().getRequestCount()).isZero();
    }

    @Test
    void serverErrorIsReported() {
        api.server().enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());
        try (UkCarbonIntensityProvider provider = provider(Optional.empty())) {
            assertThatThrownBy(() -> provider.latest("GB")).isInstanceOfSatisfying(ProviderException.class,
                    e -> assertThat(e.reason()).isEqualTo(FallbackReason.SERVER_ERROR));
        }
    }
}
