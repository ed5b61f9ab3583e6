package io.carbonmlops.ledger.store;

/**
 * How many entries of a group and month used one carbon-intensity source, their IT energy and what carbon-aware
 * shifts among them saved: the provenance a report states per line. One payload read per entry gives all three.
 *
 * @param group   as in {@link GroupTotals}
 * @param month   as in {@link GroupTotals}
 * @param zone    {@code body.intensity.zone}; null when the entry has no intensity
 * @param source  {@code body.intensity.source}
 * @param kind    {@code body.intensity.kind} (yearly-average, historical, forecast, …)
 * @param year    the year of {@code body.intensity.as_of}
 * @param entries how many entries
 * @param itKwh   their IT energy ({@code body.energy_kwh.total})
 * @param shifted          how many of them ran at a time chosen by a carbon-aware wait and recorded what it saved
 *                         ({@code body.shift.outcome})
 * @param shiftSavedKg     what those shifts saved against starting at once, as measured after the work
 * @param shiftRunNowCo2eKg the same work's CO2e had it started at once (the counterfactual)
 */
public record IntensityUse(String group, String month, String zone, String source, String kind, String year,
        long entries, double itKwh, long shifted, double shiftSavedKg, double shiftRunNowCo2eKg) {}
