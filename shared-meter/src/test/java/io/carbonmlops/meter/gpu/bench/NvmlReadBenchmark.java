package io.carbonmlops.meter.gpu.bench;

import io.carbonmlops.meter.gpu.NvmlDevice;
import io.carbonmlops.meter.gpu.NvmlException;
import io.carbonmlops.meter.gpu.NvmlLibrary;
import io.carbonmlops.meter.gpu.NvmlSession;
import java.util.concurrent.TimeUnit;
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
 * The cost of one NVML reading through the JNA binding, against the fake library (so it measures JNA, our
 * wrapper and a mutex, not the driver: a real NVML read adds an ioctl into the kernel driver). The
 * {@code nanoTime} baseline is the cost of reading a clock, measured in the same run for a ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class NvmlReadBenchmark {
    private NvmlSession session;
    private NvmlDevice device;

    @Setup(Level.Trial)
    public void open() throws NvmlException {
        FakeNvmlControl control = FakeNvmlControl.load(FakeNvmlControl.libraryPath());
        control.configureOrFail("watts=300");
        control.fakeNvmlSetClockMillis(-1); // real time: the counter moves between reads
        session = NvmlLibrary.load(FakeNvmlControl.libraryPath().toString()).openSession();
        device = session.device(0);
    }

    @TearDown(Level.Trial)
    public void close() {
        device.close();
        session.release();
    }

    @Benchmark
    public double energyCounterRead() throws NvmlException {
        return device.totalEnergyJoules();
    }

    @Benchmark
    public double powerRead() throws NvmlException {
        return device.powerWatts();
    }

    @Benchmark
    public long nanoTimeBaseline() {
        return System.nanoTime();
    }
}
