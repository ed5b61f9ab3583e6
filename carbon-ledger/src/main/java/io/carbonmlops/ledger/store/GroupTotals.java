package io.carbonmlops.ledger.store;

/**
 * Sums over the entries of one group, UTC month and signer, computed in SQL from the indexed columns only (IT energy,
 * which needs the payload, is in {@link IntensityUse}).
 *
 * @param group              the group's value ({@link GroupBy}); null when the entries do not carry it
 * @param month              {@code 2026-11}: the UTC month of {@code occurred_at}
 * @param keyId              the signer's key id; null for unsigned entries
 * @param entries            how many entries
 * @param co2eKg             location-based CO2e (entries without CO2e add nothing; see {@code entriesWithCo2e})
 * @param entriesWithCo2e    entries that carry a location-based CO2e
 * @param contractualEntries entries with a market-based (contractual) CO2e
 * @param co2eContractualKg  market-based CO2e of those entries
 * @param co2eLocationOfContractualKg location-based CO2e of those same entries (to state the fallback share)
 * @param facilityKwh        IT energy × PUE
 * @param minSeq             first seq among the entries
 * @param maxSeq             last seq among the entries
 */
public record GroupTotals(String group, String month, String keyId, long entries, double co2eKg,
        long entriesWithCo2e, long contractualEntries, double co2eContractualKg, double co2eLocationOfContractualKg,
        double facilityKwh, long minSeq, long maxSeq) {}
