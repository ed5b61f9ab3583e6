package io.carbonmlops.ledger.store;

/**
 * One entry as a report lists it for traceability.
 *
 * @param group as in {@link GroupTotals}
 */
public record EntryRef(long seq, String entryId, String kind, long occurredAtMillis, String group, String month,
        String keyId, Double co2eKg, Double co2eMarketKg, Double facilityKwh) {}
