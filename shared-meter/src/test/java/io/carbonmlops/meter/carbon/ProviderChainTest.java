package io.carbonmlops.meter.carbon;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.carbon.provider.ElectricityMapsProvider;
import io.carbonmlops.meter.carbon.provider.Secret;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(30)
class ProviderChainTest {
    private static final String LATEST = """
            {"zone":"DE","carbonIntensity":302,"datetime":"2026-11-30T03:00:00.000Z",
             "updatedAt":"2026-11-30T03:41:07.182Z","emissionFactorType":"lifecycle","isEstimated":false}""";

    private final FakeClock clock = new FakeClock(Instant.parse("2026-11-30T03:46:00Z"));
    private final GridIntensityTable table = GridIntensityTable.shipped();
    @RegisterExtension
    final LocalApiServer api = new LocalApiServer();

    private ProviderChain electricityMapsThenTable() {
        return electricityMapsThenTable(Duration.ofSeconds(5));
    }

    private ProviderChain electricityMapsThenTable(Duration responseTimeout) {
        ElectricityMapsProvider live = new ElectricityMapsProvider(api.settings("/v3", responseTimeout),
                Optional.of(Secret.of("tok-123")));
        return new ProviderChain(List.of(live, TableProvider.yearlyAverages(table)), table, clock, Duration.ofMinutes(5));
    }

    @Test
    void eachHttpFailureFallsBackToTheTableWithItsReasonRecorded() {
        assertFallback(new MockResponse.Builder().code(401).body("{}").build(), FallbackReason.UNAUTHORIZED);
        assertFallback(new MockResponse.Builder().code(403).body("{}").build(), FallbackReason.FORBIDDEN);
        assertFallback(new MockResponse.Builder().code(429).body("{}").build(), FallbackReason.RATE_LIMITED);
        assertFallback(new MockResponse.Builder().code(500).body("{}").build(), FallbackReason.SERVER_ERROR);
        assertFallback(new MockResponse.Builder().code(200).body("{\"zone\":\"DE\",\"carbonInt").build(),
                FallbackReason.MALFORMED_RESPONSE);
        // One byte every 30 s against a 500 ms response timeout: the body can never arrive in time.
        assertFallback(new MockResponse.Builder().code(200).body(LATEST).throttleBody(1, 30, TimeUnit.SECONDS).build(),
                FallbackReason.TIMEOUT, Duration.ofMillis(500));
        assertFallback(new MockResponse.Builder().code(404).body("{\"message\":\"Zone 'DE' does not exist\"}").build(),
                FallbackReason.UNKNOWN_ZONE);
    }

    private void assertFallback(MockResponse response, FallbackReason reason) {
        assertFallback(response, reason, Duration.ofSeconds(5));
    }

    private void assertFallback(MockResponse response, FallbackReason reason, Duration responseTimeout) {
        api.server().enqueue(response);
        try (ProviderChain chain = electricityMapsThenTable(responseTimeout)) {
            IntensityResult result = chain.latest("DE");
            assertThat(result.provider()).isEqualTo("table");
            assertThat(result.first().kind()).isEqualTo(IntensityKind.YEARLY_AVERAGE);
            assertThat(result.first().gramsPerKwh()).isEqualTo(342.0);
            assertThat(result.fallbacks()).extracting(Fallback::provider, Fallback::reason)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("electricitymaps", reason));
            assertThat(result.fallbackReason()).startsWith("electricitymaps: " + reason.label());
            assertThat(result.warnings()).singleElement().asString().contains(reason.label());
        }
    }

    @Test
    void theFirstProviderThatAnswersWinsWithoutFallbacks() {
        api.answer(200, LATEST);
        try (ProviderChain chain = electricityMapsThenTable()) {
            IntensityResult result = chain.latest("DE");
            assertThat(result.provider()).isEqualTo("electricitymaps");
            assertThat(result.first().gramsPerKwh()).isEqualTo(302.0);
            assertThat(result.fallbackReason()).isNull();
        }
    }

    @Test
    void latestIsCachedPerZoneUntilItsTimeToLiveRunsOut() {
        api.answer(200, LATEST);
        api.answer(200, LATEST.replace("302", "299"));
        try (ProviderChain chain = electricityMapsThenTable()) {
            assertThat(chain.latest("DE").cacheHit()).isFalse();
            IntensityResult again = chain.latest("DE");
            assertThat(again.cacheHit()).isTrue();
            assertThat(again.first().gramsPerKwh()).isEqualTo(302.0);
            assertThat(api.server().getRequestCount()).isEqualTo(1);
            clock.advance(Duration.ofMinutes(5));
            assertThat(chain.latest("DE").first().gramsPerKwh()).isEqualTo(299.0);
            assertThat(api.server().getRequestCount()).isEqualTo(2);
        }
    }

    @Test
    void pastRangesAreCachedPerHourAlignedIntervalAndTrimmedToTheWindow() {
        IntensityReading nine = reading(100, "2026-11-29T09:00:00Z");
        IntensityReading ten = reading(200, "2026-11-29T10:00:00Z");
        IntensityReading eleven = reading(300, "2026-11-29T11:00:00Z");
        StubProvider live = StubProvider.answering("live", List.of(nine, ten, eleven));
        try (ProviderChain chain = new ProviderChain(List.of(live), table, clock, Duration.ofMinutes(5))) {
            IntensityResult first = chain.over("DE", Instant.parse("2026-11-29T10:05:00Z"),
                    Instant.parse("2026-11-29T10:40:00Z"));
            IntensityResult second = chain.over("DE", Instant.parse("2026-11-29T10:10:00Z"),
                    Instant.parse("2026-11-29T10:50:00Z"));
            assertThat(first.readings()).containsExactly(ten);
            assertThat(second.cacheHit()).isTrue();
            assertThat(live.calls).isEqualTo(1);
        }
    }

    @Test
    void failuresAreNotCached() {
        StubProvider broken = StubProvider.failing("broken", FallbackReason.SERVER_ERROR);
        try (ProviderChain chain = new ProviderChain(List.of(broken, TableProvider.yearlyAverages(table)), table, clock,
                Duration.ofMinutes(5))) {
            chain.latest("DE");
            chain.latest("DE");
        }
        assertThat(broken.calls).isEqualTo(2);
    }

    @Test
    void theWorldAverageEndsEveryChainAndSaysSo() {
        try (ProviderChain chain = new ProviderChain(List.of(TableProvider.yearlyAverages(table)), table, clock,
                Duration.ofMinutes(5))) {
            assertThat(chain.names()).containsExactly("table", "world-average");
            IntensityResult result = chain.latest("NOT-A-ZONE");
            assertThat(result.first().kind()).isEqualTo(IntensityKind.WORLD_AVERAGE);
            assertThat(result.first().gramsPerKwh()).isEqualTo(472.94);
            assertThat(result.fallbacks()).extracting(Fallback::reason).containsExactly(FallbackReason.UNKNOWN_ZONE);
        }
    }

    @Test
    void aProviderBugIsRecordedNotThrown() {
        CarbonIntensityProvider buggy = new StubProvider.Buggy();
        try (ProviderChain chain = new ProviderChain(List.of(buggy, TableProvider.yearlyAverages(table)), table, clock,
                Duration.ofMinutes(5))) {
            IntensityResult result = chain.latest("DE");
            assertThat(result.provider()).isEqualTo("table");
            assertThat(result.fallbacks()).extracting(Fallback::reason).containsExactly(FallbackReason.PROVIDER_ERROR);
        }
    }

    private static IntensityReading reading(double grams, String from) {
        Instant start = Instant.parse(from);
        return new IntensityReading(grams, "DE", "live", "stub", IntensityKind.MEASURED, start,
                start.plus(Duration.ofHours(1)));
    }
}
