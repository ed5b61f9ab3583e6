package io.carbonmlops.ledger.store;

/**
 * How many entries of a group and month used one carbon-intensity source, and their IT energy: the provenance a
 * report states per line. One payload read per entry gives both.
 *
 * @param group   as in {@link GroupTotals}
 * @param month   as in {@link GroupTotals}
 * @param zone    {@code body.intensity.zone}; null when the entry has no intensity
 * @param source  {@code body.intensity.source}
 * @param kind    {@code body.intensity.kind} (yearly-average, historical, forecast, …)
 * @param year    the year of {@code body.intensity.as_of}
 * @param entries how many entries
 * @param itKwh   their IT energy ({@code body.energy_kwh.total})
 */
public record IntensityUse(String group, String month, String zone, String source, String kind, String year,
        long entries, double itKwh) {}
