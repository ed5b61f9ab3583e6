package io.carbonmlops.meter.carbon.bench;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceKind;
import io.carbonmlops.meter.DeviceMeasurement;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.PowerSample;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.CarbonOptions;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.provider.ElectricityMapsProvider;
import io.carbonmlops.meter.carbon.provider.HttpSettings;
import io.carbonmlops.meter.carbon.provider.Secret;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.TableProvider;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Provider lookup with a cache hit vs a miss (a miss goes over HTTP to a local server answering in the Electricity
 * Maps format from the JDK's HTTP server, so it is a lower bound for a real API), and CO2e of a 24-hour, 1-second power series with 24 hourly
 * intensities (time-resolved) vs one yearly figure (single-factor). Run with {@link IntensityBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class IntensityBenchmark {
    private static final String LATEST = "{\"zone\":\"DE\",\"carbonIntensity\":302,"
            + "\"datetime\":\"2026-11-30T03:00:00.000Z\",\"emissionFactorType\":\"lifecycle\",\"isEstimated\":false}";
    private static final Instant DAY = Instant.parse("2026-11-28T00:00:00Z");

    private HttpServer server;
    private ProviderChain cachedChain;
    private ProviderChain uncachedChain;
    private CarbonAccountant timeResolved;
    private CarbonAccountant singleFactor;
    private Measurement day;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        // Without TCP_NODELAY, headers and body in two segments meet delayed ACKs and every miss costs ~40 ms.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] body = LATEST.getBytes(StandardCharsets.UTF_8);
        server.createContext("/v3/carbon-intensity/latest", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        GridIntensityTable table = GridIntensityTable.shipped();
        cachedChain = new ProviderChain(List.of(live()), table, MeterClock.SYSTEM, Duration.ofMinutes(5));
        uncachedChain = new ProviderChain(List.of(live()), table, MeterClock.SYSTEM, Duration.ZERO);
        cachedChain.latest("DE");
        timeResolved = new CarbonAccountant(new ProviderChain(List.of(new HourlyProvider()), table, MeterClock.SYSTEM,
                Duration.ofMinutes(5)));
        singleFactor = new CarbonAccountant(new ProviderChain(List.of(TableProvider.yearlyAverages(table)), table,
                MeterClock.SYSTEM, Duration.ofMinutes(5)));
        day = daySeries();
    }

    private ElectricityMapsProvider live() {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3");
        return new ElectricityMapsProvider(new HttpSettings(base, Duration.ofSeconds(2), Duration.ofSeconds(5)),
                Optional.of(Secret.of("bench-token")));
    }

    /** 86,400 one-second steps of a GPU whose power follows the hour of day. */
    private static Measurement daySeries() {
        List<PowerSample> series = new ArrayList<>(86_400);
        double joules = 0;
        for (int second = 1; second <= 86_400; second++) {
            double watts = 200 + 10 * ((second / 3600) % 5);
            series.add(new PowerSample(second, watts));
            joules += watts;
        }
        DeviceMeasurement gpu = new DeviceMeasurement(new DeviceId(DeviceKind.GPU, 0, "GPU-0", "bench"), joules,
                MeasurementMethod.NVML_ENERGY_COUNTER, joules / 86_400, 240, series, false);
        return new Measurement(DAY, DAY.plus(Duration.ofDays(1)), Duration.ofDays(1), List.of(gpu), 1.2, List.of());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cachedChain.close();
        uncachedChain.close();
        server.stop(0);
    }

    @Benchmark
    public IntensityResult lookupCacheHit() {
        return cachedChain.latest("DE");
    }

    @Benchmark
    public IntensityResult lookupCacheMissLocalHttp() {
        return uncachedChain.latest("DE");
    }

    @Benchmark
    public CarbonFootprint co2eTimeResolved24hOneSecondSeries() {
        return timeResolved.account(day, "DE", CarbonOptions.locationBased());
    }

    @Benchmark
    public CarbonFootprint co2eSingleFactor24hOneSecondSeries() {
        return singleFactor.account(day, "DE", CarbonOptions.locationBased());
    }

    /** 24 hourly readings for the benchmark day. */
    static final class HourlyProvider implements CarbonIntensityProvider {
        private final List<IntensityReading> hours = new ArrayList<>();

        HourlyProvider() {
            for (int hour = 0; hour < 24; hour++) {
                Instant from = DAY.plus(Duration.ofHours(hour));
                hours.add(new IntensityReading(250 + 5 * hour, "DE", "bench", "hourly", IntensityKind.MEASURED, from,
                        from.plus(Duration.ofHours(1))));
            }
        }

        @Override
        public String name() {
            return "hourly";
        }

        @Override
        public IntensityReading latest(String zone) {
            return hours.get(23);
        }

        @Override
        public List<IntensityReading> range(String zone, Instant start, Instant end) {
            return hours;
        }

        @Override
        public List<IntensityReading> forecast(String zone, Duration horizon) {
            return hours;
        }
    }
}
