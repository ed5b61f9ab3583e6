package io.carbonmlops.meter.ram;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.EnergyIntegral;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Estimated RAM energy: watts per GiB × memory in use, integrated over time with trapezoids between reads
 * ({@code E += W/GiB × (used₀ + used₁) / 2 × Δt}). Memory in use is machine-wide, see {@link MemoryInUse}.
 */
public final class RamEstimateSource implements EnergySource {
    /** Rare reads suffice: they only feed the power series (see {@code RaplEnergySource.DEFAULT_POLL_INTERVAL}). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    private final DeviceId device;
    private final double wattsPerGib;
    private final Path meminfo;
    private final TextFileReader reader;
    private final EnergyIntegral integral;
    private double lastInUseGib;

    /**
     * @param initialInUseGib memory in use as read by discovery at {@code initialNanos}
     */
    public RamEstimateSource(DeviceId device, double wattsPerGib, Path meminfo, TextFileReader reader,
            double initialInUseGib, long initialNanos) {
        this.device = device;
        this.wattsPerGib = wattsPerGib;
        this.meminfo = meminfo;
        this.reader = reader;
        this.lastInUseGib = initialInUseGib;
        this.integral = new EnergyIntegral(initialNanos);
    }

    static double readInUseGib(Path meminfo, TextFileReader reader) throws IOException {
        return MemoryInUse.parseGibibytes(reader.read(meminfo), meminfo);
    }

    @Override
    public DeviceId device() {
        return device;
    }

    @Override
    public MeasurementMethod method() {
        return MeasurementMethod.RAM_ESTIMATE;
    }

    @Override
    public Duration pollInterval() {
        return POLL_INTERVAL;
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        double inUseGib;
        try {
            inUseGib = readInUseGib(meminfo, reader);
        } catch (IOException e) {
            throw DeviceLostException.unreadable(meminfo, e);
        }
        double joules = integral.step(monotonicNanos, wattsPerGib * (lastInUseGib + inUseGib) / 2);
        lastInUseGib = inUseGib;
        return joules;
    }

    @Override
    public void close() {
        // Nothing held open.
    }
}
