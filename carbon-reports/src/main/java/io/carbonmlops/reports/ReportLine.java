package io.carbonmlops.reports;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One group's figures over the period, with what makes them traceable.
 *
 * @param group              the group's value; {@link #UNATTRIBUTED} when the records do not carry it
 * @param records            ledger entries (or MLflow runs) summed
 * @param itEnergyKwh        IT energy (devices, before PUE)
 * @param facilityEnergyKwh  IT energy × PUE: what the CO2e is computed from
 * @param co2eLocationKg     location-based CO2e (GHG Protocol Scope 2)
 * @param co2eMarketKg       market-based CO2e: each record's contractual figure where it has one, else its
 *                           location-based figure (no residual-mix factor is recorded)
 * @param contractualRecords records with a contractual (market) factor
 * @param marketBasis        the Scope 2 market-based basis in words, for this line
 * @param electricityCost    facility kWh × energy price
 * @param carbonCost         location-based tonnes × internal carbon price
 * @param estimatedShare     share of IT energy from estimated devices (CPU/RAM estimates); empty when unknown
 * @param refs               the ledger entry ids (or MLflow run ids) behind the line, in seq order
 * @param seqRange           {@code 12..4078}: the entries' seq range (empty for MLflow)
 * @param intensitySources   zone, source, kind and year of the intensities used, with counts
 * @param trustedRecords     entries signed by a trusted key
 * @param unsignedRecords    unsigned entries
 * @param verification       the verification result that covers this line, in words
 */
public record ReportLine(String group, long records, double itEnergyKwh, double facilityEnergyKwh,
        double co2eLocationKg, double co2eMarketKg, long contractualRecords, String marketBasis,
        OptionalDouble electricityCost, OptionalDouble carbonCost, OptionalDouble estimatedShare, List<String> refs,
        String seqRange, List<String> intensitySources, long trustedRecords, long unsignedRecords,
        String verification) {
    public static final String UNATTRIBUTED = "(unattributed)";

    public ReportLine {
        Objects.requireNonNull(group, "group");
        refs = List.copyOf(refs);
        intensitySources = List.copyOf(intensitySources);
    }
}
