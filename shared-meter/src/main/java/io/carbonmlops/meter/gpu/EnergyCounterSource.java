package io.carbonmlops.meter.gpu;

import io.carbonmlops.meter.CounterMark;
import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;
import io.carbonmlops.meter.EnergySource;
import io.carbonmlops.meter.MeasurementMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A GPU measured by its NVML energy counter (Volta and newer): the sum of the counter's increases since the
 * source was opened.
 *
 * <p>The counter counts from the last driver load, so a reading below the previous one means the driver was
 * reloaded: the counter restarted from 0, and everything it now shows was drawn since the reload, so that value
 * is added. Only the energy between the last reading before the reload and the reload itself is unknown — at
 * most one {@link #POLL_INTERVAL} of draw — and it is left out rather than guessed. The result never decreases.
 *
 * <p>Polled every second: often enough to catch a reload, to give a 1 s power series, and cheap (one NVML call).
 */
final class EnergyCounterSource implements EnergySource {
    static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

    private final DeviceId device;
    private final GpuReader reader;
    private double lastCounterJoules;
    private double cumulativeJoules;
    private final List<String> warnings = new ArrayList<>();

    /** Reads the counter once: the zero of this source. */
    EnergyCounterSource(DeviceId device, GpuReader reader) throws NvmlException {
        this.device = device;
        this.reader = reader;
        this.lastCounterJoules = reader.totalEnergyJoules();
    }

    @Override
    public DeviceId device() {
        return device;
    }

    @Override
    public MeasurementMethod method() {
        return MeasurementMethod.NVML_ENERGY_COUNTER;
    }

    @Override
    public Duration pollInterval() {
        return POLL_INTERVAL;
    }

    @Override
    public double readCumulativeJoules(long monotonicNanos) throws DeviceLostException {
        double counterJoules = GpuLoss.read(device, reader::totalEnergyJoules);
        if (counterJoules >= lastCounterJoules) {
            cumulativeJoules += counterJoules - lastCounterJoules;
        } else {
            cumulativeJoules += counterJoules;
            warnings.add(String.format(Locale.ROOT, "%s: the NVML energy counter went down from %.3f J to %.3f J "
                    + "(driver reloaded); counting on from the new base; the energy drawn between the previous reading and "
                    + "the reload (under %d s of draw) is not counted", device.describe(), lastCounterJoules,
                    counterJoules, POLL_INTERVAL.toSeconds()));
        }
        lastCounterJoules = counterJoules;
        return cumulativeJoules;
    }

    /** The NVML counter counts from the driver's load, whoever reads it: another process can count on from here. */
    @Override
    public Optional<CounterMark> mark() {
        return Optional.of(new CounterMark(device, method(), lastCounterJoules, 0));
    }

    /** One warning per driver reload (counter drop) since this source was opened. */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        reader.close();
    }
}
