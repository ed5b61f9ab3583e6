package io.carbonmlops.meter.carbon;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A provider answering fixed readings, or failing with a fixed reason; counts calls. */
final class StubProvider implements CarbonIntensityProvider {
    private final String name;
    private final List<IntensityReading> readings;
    private final FallbackReason failure;
    int calls;

    private StubProvider(String name, List<IntensityReading> readings, FallbackReason failure) {
        this.name = name;
        this.readings = readings;
        this.failure = failure;
    }

    static StubProvider answering(String name, List<IntensityReading> readings) {
        return new StubProvider(name, readings, null);
    }

    static StubProvider failing(String name, FallbackReason reason) {
        return new StubProvider(name, List.of(), reason);
    }

    private List<IntensityReading> answer() throws ProviderException {
        calls++;
        if (failure != null) {
            throw new ProviderException(failure, name + " failed on purpose");
        }
        return readings;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public IntensityReading latest(String zone) throws ProviderException {
        return answer().get(readings.size() - 1);
    }

    @Override
    public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
        return answer();
    }

    @Override
    public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
        return answer();
    }

    /** Throws an unchecked exception, as a buggy provider would. */
    static final class Buggy implements CarbonIntensityProvider {
        @Override
        public String name() {
            return "buggy";
        }

        @Override
        public IntensityReading latest(String zone) {
            throw new IllegalStateException("bug");
        }

        @Override
        public List<IntensityReading> range(String zone, Instant start, Instant end) {
            throw new IllegalStateException("bug");
        }

        @Override
        public List<IntensityReading> forecast(String zone, Duration horizon) {
            throw new IllegalStateException("bug");
        }
    }
}
