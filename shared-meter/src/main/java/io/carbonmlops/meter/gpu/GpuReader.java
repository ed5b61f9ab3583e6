package io.carbonmlops.meter.gpu;

/**
 * The two readings the GPU energy sources need, in SI units. {@link NvmlDevice} reads them through NVML; tests
 * of the sources' arithmetic use a plain fake.
 */
interface GpuReader extends AutoCloseable {
    /** The board's energy counter in joules since the driver was loaded; it restarts from 0 on a reload. */
    double totalEnergyJoules() throws NvmlException;

    /** The board's power draw in watts. */
    double powerWatts() throws NvmlException;

    /** Releases the reader's share of NVML. Must not throw. */
    @Override
    void close();
}
