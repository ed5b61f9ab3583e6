package io.carbonmlops.meter.inference;

import io.carbonmlops.meter.EnergyMeter;
import io.carbonmlops.meter.MeasurementWindow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Counts the predictions of a serving process or batch job per model version, next to the energy an
 * {@link EnergyMeter} measures over the same window, for energy and CO2e per 1,000 predictions.
 *
 * <pre>
 * try (EnergyMeter energy = EnergyMeter.open(MeterConfig.defaults())) {
 *     InferenceMeter inference = new InferenceMeter(energy);
 *     ModelVersion fraud = ModelVersion.of("fraud", "3");
 *     inference.record(fraud, batch.size());              // from the serving code, any thread
 *     InferenceMeasurement hour = inference.rollOver(fraud); // e.g. hourly: closes the window, opens the next
 * }
 * </pre>
 *
 * <p>The first {@link #record} of a version opens its window (an {@link EnergyMeter} window named
 * {@code inference:NAME:VERSION}); {@link #rollOver} closes it and opens the next at the same instant, {@link #end}
 * closes it. A prediction recorded concurrently with a roll-over lands in exactly one of the two windows: records
 * share a read lock, edges take the write lock. {@link #record} costs an uncontended lock and an add.
 *
 * <p>Energy is the devices' gross energy over the window, as for any {@link EnergyMeter} window: two versions served
 * at once on the same GPU each get the whole GPU's energy (the meter does not split a device between tenants), so
 * meter concurrently served versions on separate devices or processes, or read the figures as an upper bound.
 */
public final class InferenceMeter {
    private static final String WINDOW_PREFIX = "inference:";

    private final EnergyMeter meter;
    private final Map<ModelVersion, VersionCounter> counters = new ConcurrentHashMap<>();

    public InferenceMeter(EnergyMeter meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    /**
     * Counts {@code count} predictions of {@code model}, opening its window if none is open.
     *
     * @throws IllegalArgumentException when count is negative
     */
    public void record(ModelVersion model, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("prediction count must be >= 0, was " + count + " (" + model.describe()
                    + ")");
        }
        counters.computeIfAbsent(model, VersionCounter::new).record(count);
    }

    /** Opens the version's window now (without counting), so idle time before the first prediction is measured too. */
    public void begin(ModelVersion model) {
        counters.computeIfAbsent(model, VersionCounter::new).beginIfClosed();
    }

    /**
     * Closes the version's window and opens the next at once: consecutive windows cover the serving time without gap
     * or overlap of predictions.
     *
     * @throws IllegalStateException when no window of that version is open
     */
    public InferenceMeasurement rollOver(ModelVersion model) {
        return counter(model).close(true);
    }

    /**
     * Closes the version's window; a later {@link #record} opens a new one.
     *
     * @throws IllegalStateException when no window of that version is open
     */
    public InferenceMeasurement end(ModelVersion model) {
        return counter(model).close(false);
    }

    /** The version's window so far, which stays open; empty when none is open. */
    public Optional<InferenceMeasurement> snapshot(ModelVersion model) {
        VersionCounter counter = counters.get(model);
        return counter == null ? Optional.empty() : counter.snapshot();
    }

    /** Closes every open window (at shut-down), one measurement per version. */
    public List<InferenceMeasurement> endAll() {
        List<InferenceMeasurement> result = new ArrayList<>();
        for (VersionCounter counter : counters.values()) {
            counter.closeIfOpen().ifPresent(result::add);
        }
        return result;
    }

    /** The versions with an open window. */
    public List<ModelVersion> openVersions() {
        return counters.values().stream().filter(VersionCounter::isOpen).map(c -> c.model).toList();
    }

    private VersionCounter counter(ModelVersion model) {
        VersionCounter counter = counters.get(model);
        if (counter == null || !counter.isOpen()) {
            throw new IllegalStateException("no inference window is open for " + model.describe() + "; open versions: "
                    + openVersions().stream().map(ModelVersion::describe).toList());
        }
        return counter;
    }

    /** One version's cumulative count and open window; the window's count is the counter's difference at its edges. */
    private final class VersionCounter {
        private final ModelVersion model;
        private final String windowId;
        private final LongAdder total = new LongAdder();
        private final ReadWriteLock edges = new ReentrantReadWriteLock();
        private MeasurementWindow window;
        private long countAtBegin;

        VersionCounter(ModelVersion model) {
            this.model = model;
            this.windowId = WINDOW_PREFIX + model.name() + ":" + model.version().orElse("");
        }

        void record(long count) {
            edges.readLock().lock();
            try {
                if (window != null) {
                    total.add(count);
                    return;
                }
            } finally {
                edges.readLock().unlock();
            }
            edges.writeLock().lock();
            try {
                openLocked();
                total.add(count);
            } finally {
                edges.writeLock().unlock();
            }
        }

        void beginIfClosed() {
            edges.writeLock().lock();
            try {
                openLocked();
            } finally {
                edges.writeLock().unlock();
            }
        }

        private void openLocked() {
            if (window == null) {
                window = meter.begin(windowId);
                countAtBegin = total.sum();
            }
        }

        boolean isOpen() {
            edges.readLock().lock();
            try {
                return window != null;
            } finally {
                edges.readLock().unlock();
            }
        }

        Optional<InferenceMeasurement> snapshot() {
            edges.writeLock().lock();
            try {
                return window == null ? Optional.empty() : Optional.of(new InferenceMeasurement(model,
                        window.snapshot(), total.sum() - countAtBegin));
            } finally {
                edges.writeLock().unlock();
            }
        }

        InferenceMeasurement close(boolean reopen) {
            return closeIfOpen(reopen).orElseThrow(() -> new IllegalStateException(
                    "no inference window is open for " + model.describe()));
        }

        Optional<InferenceMeasurement> closeIfOpen() {
            return closeIfOpen(false);
        }

        private Optional<InferenceMeasurement> closeIfOpen(boolean reopen) {
            edges.writeLock().lock();
            try {
                if (window == null) {
                    return Optional.empty();
                }
                long count = total.sum() - countAtBegin;
                InferenceMeasurement result = new InferenceMeasurement(model, window.stop(), count);
                window = null;
                if (reopen) {
                    openLocked();
                }
                return Optional.of(result);
            } finally {
                edges.writeLock().unlock();
            }
        }
    }
}
