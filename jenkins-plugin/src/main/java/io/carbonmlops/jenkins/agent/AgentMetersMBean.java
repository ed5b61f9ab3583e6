package io.carbonmlops.jenkins.agent;

import java.io.IOException;

/**
 * What a later remoting connection may ask of the {@link AgentMeters} an earlier one loaded: JDK types only, since
 * the two were loaded by different class loaders (see {@link MeterGenerations}).
 */
public interface AgentMetersMBean {
    /** Whether this registry runs the window. */
    boolean isRunning(String meterId);

    /** Stops the window and returns its measurement as JSON (the meter's one JSON form). */
    String stopToJson(String meterId, String journalPath) throws IOException;

    /** How many windows this registry runs now. */
    int getWindowCount();
}
