package io.carbonmlops.meter.cpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.EnergyIntegral;
import io.carbonmlops.meter.FileEnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import io.carbonmlops.meter.TextFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalDouble;

/**
 * Estimated energy of all CPUs where RAPL cannot be read: {@code P = TDP × (IDLE_SHARE + (1 − IDLE_SHARE) × u)},
 * with {@code u} the machine-wide busy share of CPU time from {@code /proc/stat} between two reads, integrated
 * over time. Linear in utilisation, from 10 % of TDP when idle to 100 % at full load; see docs/meter.md for why.
 */
public final class CpuTdpEstimateSource extends FileEnergySource {
    /** Share of TDP drawn when idle (CodeCarbon's constant term in its load model). */
    public static final double IDLE_SHARE = 0.10;
    /** Rare reads suffice: they only feed the power series (see {@code RaplEnergySource.DEFAULT_POLL_INTERVAL}). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);

    private final double tdpWatts;
    private final EnergyIntegral integral;
    private CpuTimes lastTimes;
    private double lastUtilisation;

    /**
     * @param initialTimes /proc/stat as read by discovery at {@code initialNanos}; energy is counted from there
     */
    public CpuTdpEstimateSource(DeviceId device, double tdpWatts, Path procStat, TextFileReader reader,
            CpuTimes initialTimes, long initialNanos) {
        super(device, MeasurementMethod.CPU_TDP_ESTIMATE, POLL_INTERVAL, procStat, reader);
        this.tdpWatts = tdpWatts;
        this.lastTimes = initialTimes;
        this.integral = new EnergyIntegral(initialNanos);
    }

    /** Power at busy share {@code utilisation} (0 to 1) of a CPU with this TDP. */
    public static double powerWatts(double tdpWatts, double utilisation) {
        return tdpWatts * (IDLE_SHARE + (1 - IDLE_SHARE) * utilisation);
    }

    static CpuTimes readTimes(Path procStat, TextFileReader reader) throws IOException {
        return read(procStat, reader, CpuTimes::parse);
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        CpuTimes times = readNow(CpuTimes::parse);
        if (!integral.isAfterLastStep(monotonicNanos)) {
            return integral.joules();
        }
        // Reads closer than one clock tick see no ticks elapse: keep the last utilisation for that sliver.
        OptionalDouble utilisation = times.utilisationSince(lastTimes);
        if (utilisation.isPresent()) {
            lastUtilisation = utilisation.getAsDouble();
            lastTimes = times;
        }
        // The utilisation is the mean over the step, so its power is the step's mean power.
        return integral.step(monotonicNanos, powerWatts(tdpWatts, lastUtilisation));
    }
}
