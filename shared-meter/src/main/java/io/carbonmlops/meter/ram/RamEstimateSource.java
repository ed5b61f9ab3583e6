package io.carbonmlops.meter.ram;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.EnergyIntegral;
import io.carbonmlops.meter.FileEnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Estimated RAM energy: watts per GiB × memory in use, integrated over time with trapezoids between reads
 * ({@code E += W/GiB × (used₀ + used₁) / 2 × Δt}). Memory in use is machine-wide, see {@link MemoryInUse}.
 */
public final class RamEstimateSource extends FileEnergySource {
    /** Rare reads suffice: they only feed the power series (see {@code RaplEnergySource.DEFAULT_POLL_INTERVAL}). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    private final double wattsPerGib;
    private final EnergyIntegral integral;
    private double lastInUseGib;

    /**
     * @param initialInUseGib memory in use as read by discovery at {@code initialNanos}
     */
    public RamEstimateSource(DeviceId device, double wattsPerGib, Path meminfo, TextFileReader reader,
            double initialInUseGib, long initialNanos) {
        super(device, MeasurementMethod.RAM_ESTIMATE, POLL_INTERVAL, meminfo, reader);
        this.wattsPerGib = wattsPerGib;
        this.lastInUseGib = initialInUseGib;
        this.integral = new EnergyIntegral(initialNanos);
    }

    static double readInUseGib(Path meminfo, TextFileReader reader) throws IOException {
        return read(meminfo, reader, MemoryInUse::parseGibibytes);
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        double inUseGib = readNow(MemoryInUse::parseGibibytes);
        double joules = integral.step(monotonicNanos, wattsPerGib * (lastInUseGib + inUseGib) / 2);
        lastInUseGib = inUseGib;
        return joules;
    }
}
