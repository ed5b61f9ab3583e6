package io.carbonmlops.meter.carbon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.FakeClock;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every {@link CarbonIntensityProvider} promises, run against each implementation: the table, and the live
 * providers against a local server answering in their real formats.
 */
@Timeout(30)
class ProviderContractTest {
    private static final Instant START = Instant.parse("2026-11-29T10:00:00Z");

    abstract static class Contract {
        /** A provider that answers for {@link #zone()}. */
        abstract CarbonIntensityProvider provider();

        abstract String zone();

        /** A zone the provider does not know. */
        abstract String unknownZone();

        @Test
        @DisplayName("latest carries its provenance: provider name, source, zone and a valid interval")
        void latestCarriesProvenance() throws ProviderException {
            try (CarbonIntensityProvider provider = provider()) {
                IntensityReading reading = provider.latest(zone());
                assertThat(reading.provider()).isEqualTo(provider.name());
                assertThat(reading.source()).isNotBlank();
                assertThat(reading.zone()).isNotBlank();
                assertThat(reading.to()).isAfter(reading.from());
                assertThat(reading.gramsPerKwh()).isNotNegative();
            }
        }

        @Test
        @DisplayName("range and forecast are non-empty and oldest first")
        void rangeAndForecastAreOrdered() throws ProviderException {
            try (CarbonIntensityProvider provider = provider()) {
                for (List<IntensityReading> readings : List.of(provider.range(zone(), START, START.plusSeconds(7200)),
                        provider.forecast(zone(), Duration.ofHours(24)))) {
                    assertThat(readings).isNotEmpty().isSortedAccordingTo(Comparator.comparing(IntensityReading::from));
                    assertThat(readings).allMatch(r -> r.provider().equals(provider.name()));
                }
            }
        }

        @Test
        @DisplayName("an unknown zone is a ProviderException with reason unknown-zone-at-provider")
        void unknownZoneIsReported() {
            try (CarbonIntensityProvider provider = provider()) {
                assertThatThrownBy(() -> provider.latest(unknownZone()))
                        .isInstanceOfSatisfying(ProviderException.class,
                                e -> assertThat(e.reason()).isEqualTo(FallbackReason.UNKNOWN_ZONE));
            }
        }
    }

    /** A local server answering each path with the provider's real format. */
    abstract static class HttpContract extends Contract {
        MockWebServer server;

        abstract MockResponse answer(RecordedRequest request);

        @BeforeEach
        void start() throws Exception {
            server = new MockWebServer();
            server.setDispatcher(new Dispatcher() {
                @Override
                public MockResponse dispatch(RecordedRequest request) {
                    return answer(request);
                }
            });
            server.start();
        }

        @AfterEach
        void stop() {
            server.close();
        }

        HttpSettings settings(String path) {
            return new HttpSettings(URI.create(server.url(path).toString()), Duration.ofSeconds(2), Duration.ofSeconds(5));
        }

        static MockResponse ok(String body) {
            return new MockResponse.Builder().code(200).body(body).build();
        }
    }

    @Nested
    class Table extends Contract {
        @Override
        CarbonIntensityProvider provider() {
            return TableProvider.yearlyAverages(GridIntensityTable.shipped());
        }

        @Override
        String zone() {
            return "SE-SE3";
        }

        @Override
        String unknownZone() {
            return "XX-NOWHERE";
        }
    }

    @Nested
    class ElectricityMaps extends HttpContract {
        @Override
        MockResponse answer(RecordedRequest request) {
            if ("XX".equals(request.getUrl().queryParameter("zone"))) {
                return new MockResponse.Builder().code(404).body("{\"message\":\"Zone 'XX' does not exist\"}").build();
            }
            return switch (request.getUrl().encodedPath()) {
                case "/v3/carbon-intensity/latest" -> ok(ElectricityMapsProviderTest.LATEST);
                case "/v3/carbon-intensity/past-range" -> ok(ElectricityMapsProviderTest.PAST_RANGE);
                case "/v3/carbon-intensity/forecast" -> ok(ElectricityMapsProviderTest.FORECAST);
                default -> new MockResponse.Builder().code(404).build();
            };
        }

        @Override
        CarbonIntensityProvider provider() {
            return new ElectricityMapsProvider(settings("/v3"), Optional.of(Secret.of("contract-token")));
        }

        @Override
        String zone() {
            return "DE";
        }

        @Override
        String unknownZone() {
            return "XX";
        }
    }

    @Nested
    class WattTime extends HttpContract {
        @Override
        MockResponse answer(RecordedRequest request) {
            return switch (request.getUrl().encodedPath()) {
                case "/login" -> ok("{\"token\":\"" + WattTimeProviderTest.JWT + "\"}");
                case "/v3/forecast", "/v3/historical" -> ok(WattTimeProviderTest.FORECAST);
                default -> new MockResponse.Builder().code(404).build();
            };
        }

        @Override
        CarbonIntensityProvider provider() {
            return new WattTimeProvider(settings("/"), Optional.of(Secret.of("u")), Optional.of(Secret.of("p")),
                    Map.of("US-CAL-CISO", "CAISO_NORTH"), new FakeClock(START));
        }

        @Override
        String zone() {
            return "US-CAL-CISO";
        }

        @Override
        String unknownZone() {
            return "DE";
        }
    }

    @Nested
    class UkCarbonIntensity extends HttpContract {
        @Override
        MockResponse answer(RecordedRequest request) {
            String path = request.getUrl().encodedPath();
            return ok(path.equals("/intensity") ? UkCarbonIntensityProviderTest.NATIONAL
                    : UkCarbonIntensityProviderTest.NATIONAL_RANGE);
        }

        @Override
        CarbonIntensityProvider provider() {
            return new UkCarbonIntensityProvider(settings("/"), Optional.empty(), new FakeClock(START));
        }

        @Override
        String zone() {
            return "GB";
        }

        @Override
        String unknownZone() {
            return "FR";
        }
    }
}
