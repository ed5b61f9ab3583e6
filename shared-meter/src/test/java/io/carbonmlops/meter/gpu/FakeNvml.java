package io.carbonmlops.meter.gpu;

import static org.junit.jupiter.api.Assertions.fail;

import com.sun.jna.Library;
import com.sun.jna.Native;
import io.carbonmlops.meter.MeterClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The fake libnvidia-ml.so.1 that the build compiles from src/test/c/fake_nvml.c (path in the system property
 * {@code fake.nvml.library}, set by Surefire), and its test-control symbols. One copy is loaded per JVM, so each
 * test {@link #configure configures} it first and closes every source it opened.
 */
final class FakeNvml {
    static final String LIBRARY_PROPERTY = "fake.nvml.library";

    /** The fake's non-NVML control functions (see the header of fake_nvml.c). */
    interface Control extends Library {
        int fakeNvmlConfigure(String scenario, int initError);

        void fakeNvmlSetClockMillis(double ms);

        int fakeNvmlInitCount();
    }

    private final Path library;
    private final Control control;

    private FakeNvml(Path library) {
        this.library = library;
        this.control = Native.load(library.toString(), Control.class);
    }

    /** The compiled fake; fails when CI=true and it is missing, else skips the calling test with the reason. */
    static FakeNvml load() {
        String property = System.getProperty(LIBRARY_PROPERTY);
        Path library = property == null ? null : Path.of(property);
        if (library == null || !Files.isRegularFile(library)) {
            String why = "fake NVML library not built (" + LIBRARY_PROPERTY + "=" + property + "); the Maven build "
                    + "compiles it with gcc from shared-meter/src/test/c (run `mvn -pl shared-meter test`)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return new FakeNvml(library);
    }

    Path library() {
        return library;
    }

    /** Sets the scenario (FAKE_NVML_SCENARIO syntax) and puts the fake's clock at t = 0 under manual control. */
    FakeNvml configure(String scenario) {
        return configure(scenario, 0);
    }

    FakeNvml configure(String scenario, int initError) {
        if (control.fakeNvmlConfigure(scenario, initError) != 0) {
            throw new IllegalArgumentException("fake NVML rejected scenario '" + scenario + "'");
        }
        control.fakeNvmlSetClockMillis(0);
        return this;
    }

    int initCount() {
        return control.fakeNvmlInitCount();
    }

    /** An environment that points the meter at the fake, plus {@code keyValues} pairs. */
    Map<String, String> env(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put(NvmlLibrary.LIBRARY_ENV, library.toString());
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** A meter clock whose time is also the fake library's time, so power and energy follow it exactly. */
    SteppedClock clock() {
        return new SteppedClock();
    }

    final class SteppedClock implements MeterClock {
        private volatile long nanos; // a meter's poller thread reads it too

        @Override
        public Instant wallTime() {
            return Instant.EPOCH.plusNanos(nanos);
        }

        @Override
        public long monotonicNanos() {
            return nanos;
        }

        void advance(Duration step) {
            nanos += step.toNanos();
            control.fakeNvmlSetClockMillis(nanos / 1e6);
        }
    }
}
