package io.carbonmlops.meter.gpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.EnergyIntegral;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import java.time.Duration;

/**
 * A GPU without an energy counter (pre-Volta: the counter answers NOT_SUPPORTED), measured by sampling NVML
 * power at every poll and integrating with the trapezoid rule over the meter clock's monotonic time.
 *
 * <p>The meter's poller calls {@link #readCumulativeJoules(long)} every {@link #pollInterval()} (default 100 ms,
 * the publication period of NVML's power sensor on most parts), so it is the background sampling thread. A
 * read whose time is not after the previous one adds nothing but refreshes the last power value.
 */
final class PowerSamplingSource implements EnergySource {
    private final DeviceId device;
    private final GpuReader reader;
    private final Duration samplingInterval;
    private final EnergyIntegral integral;
    private double lastPowerWatts;

    /** Takes the first sample at {@code openedAtNanos}: the zero of this source. */
    PowerSamplingSource(DeviceId device, GpuReader reader, Duration samplingInterval, long openedAtNanos)
            throws NvmlException {
        this.device = device;
        this.reader = reader;
        this.samplingInterval = samplingInterval;
        this.lastPowerWatts = reader.powerWatts();
        this.integral = new EnergyIntegral(openedAtNanos);
    }

    @Override
    public DeviceId device() {
        return device;
    }

    @Override
    public MeasurementMethod method() {
        return MeasurementMethod.NVML_POWER_SAMPLING;
    }

    @Override
    public Duration pollInterval() {
        return samplingInterval;
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        double powerWatts = GpuLoss.read(device, reader::powerWatts);
        double joules = integral.step(monotonicNanos, (lastPowerWatts + powerWatts) / 2);
        lastPowerWatts = powerWatts;
        return joules;
    }

    @Override
    public void close() {
        reader.close();
    }
}
