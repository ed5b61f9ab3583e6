package io.carbonmlops.meter.carbon.schedule;

import java.time.Instant;

/**
 * One candidate run: [start, end) and the time-weighted mean intensity the figures give it.
 *
 * @param start               when the work would start
 * @param end                 start plus the work's duration
 * @param averageGramsPerKwh  time-weighted mean intensity over [start, end)
 */
public record Window(Instant start, Instant end, double averageGramsPerKwh) {}
