package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.Measurement;
import java.io.IOException;

/** Stops a block's meter wherever it runs (on the agent, through remoting) and returns what it measured. */
@FunctionalInterface
public interface MeterStopper {
    Measurement stop() throws IOException, InterruptedException;
}
