package io.carbonmlops.meter;

/**
 * Mean power of one device over one step of a measurement's time series.
 *
 * @param offsetSeconds seconds from the window's start to the end of this step
 * @param powerWatts    mean power over the step
 */
public record PowerSample(double offsetSeconds, double powerWatts) {}
