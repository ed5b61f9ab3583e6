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
 * @param shift              what carbon-aware shifts among the records saved (none: zero records)
 */
public record ReportLine(String group, long records, double itEnergyKwh, double facilityEnergyKwh,
        double co2eLocationKg, double co2eMarketKg, long contractualRecords, String marketBasis,
        OptionalDouble electricityCost, OptionalDouble carbonCost, OptionalDouble estimatedShare, List<String> refs,
        String seqRange, List<String> intensitySources, long trustedRecords, long unsignedRecords,
        String verification, Shift shift) {
    public static final String UNATTRIBUTED = "(unattributed)";

    /**
     * The records that ran at a start chosen by a carbon-aware wait ({@code waitForLowCarbon}, {@code carbon wait})
     * and measured what that saved.
     *
     * @param records       how many
     * @param savedKg       their run-now counterfactual minus their realised CO2e (negative when waiting cost more)
     * @param runNowCo2eKg  their CO2e had they started at once
     */
    public record Shift(long records, double savedKg, double runNowCo2eKg) {
        public static final Shift NONE = new Shift(0, 0, 0);

        /** The saving as a share of the counterfactual; empty when nothing was shifted. */
        public OptionalDouble savedShare() {
            return runNowCo2eKg > 0 ? OptionalDouble.of(savedKg / runNowCo2eKg) : OptionalDouble.empty();
        }

        Shift plus(Shift other) {
            return new Shift(records + other.records, savedKg + other.savedKg, runNowCo2eKg + other.runNowCo2eKg);
        }
    }

    public ReportLine {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(shift, "shift");
        refs = List.copyOf(refs);
        intensitySources = List.copyOf(intensitySources);
    }
}
