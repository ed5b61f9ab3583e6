package io.carbonmlops.cli;

import io.carbonmlops.meter.MeterClock;
import java.util.Map;
import java.util.Objects;

/**
 * What commands read from outside their options: environment variables (for example {@code CARBON_NVML_LIBRARY}
 * and {@code CUDA_VISIBLE_DEVICES}) and the clock. Injected so tests do not depend on the machine's settings.
 *
 * @param env   the variables carbon reads its settings from (the process environment in production); the measured
 *              command still inherits the real process environment
 * @param clock the meter's clock
 */
public record CliEnvironment(Map<String, String> env, MeterClock clock) {
    public CliEnvironment {
        env = Map.copyOf(env);
        Objects.requireNonNull(clock, "clock");
    }

    public static CliEnvironment system() {
        return new CliEnvironment(System.getenv(), MeterClock.SYSTEM);
    }
}
