package io.carbonmlops.ledger.store;

/**
 * Sums over the entries one signer made (or the unsigned ones), computed in SQL from the indexed columns.
 * Verify the ledger (or the entries) before trusting them: a sum is only as good as the rows it adds.
 *
 * @param keyId             the signer's key id; null for unsigned entries
 * @param entries           how many entries matched
 * @param co2eKg            sum of location-based CO2e over the entries that have it
 * @param co2eMarketBasedKg sum of market-based CO2e over the entries that have it
 * @param facilityEnergyKwh sum of facility energy over the entries that have it
 */
public record SignerTotals(String keyId, long entries, double co2eKg, double co2eMarketBasedKg,
        double facilityEnergyKwh) {}
