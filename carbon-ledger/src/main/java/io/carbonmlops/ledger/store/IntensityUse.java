package io.carbonmlops.ledger.store;

/**
 * How many entries of a group used one carbon-intensity source: the provenance a report states per line.
 *
 * @param group   as in {@link GroupTotals}
 * @param zone    {@code body.intensity.zone}; null when the entry has no intensity
 * @param source  {@code body.intensity.source}
 * @param kind    {@code body.intensity.kind} (yearly-average, historical, forecast, …)
 * @param year    the year of {@code body.intensity.as_of}
 * @param entries how many entries
 */
public record IntensityUse(String group, String zone, String source, String kind, String year, long entries) {}
