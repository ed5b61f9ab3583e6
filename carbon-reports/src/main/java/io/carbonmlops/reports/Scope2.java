package io.carbonmlops.reports;


/** The GHG Protocol Scope 2 statements a report line makes. */
final class Scope2 {
    private Scope2() {}

    /**
     * The market-based basis of a line: contractual factors where the records have one, else the location-based
     * (grid-average) figure, since no residual-mix factor is recorded.
     */
    static String marketBasis(long contractual, long records) {
        if (records == 0) {
            return "no records";
        }
        if (contractual == records) {
            return "contractual factor (all " + records + " records)";
        }
        if (contractual == 0) {
            return "no contractual factor: location-based grid average used (no residual mix recorded)";
        }
        return "contractual factor for " + contractual + " of " + records + " records; location-based grid average "
                + "for the other " + (records - contractual) + " (no residual mix recorded)";
    }

    /** {@code DE: table: Electricity Maps 2025 yearly, DE (yearly-average, 2025), 12 records}. */
    static String describe(String zone, String source, String kind, String year, long records) {
        if (source == null) {
            return "no intensity (energy only), " + records + " records";
        }
        return (zone == null ? "" : zone + ": ") + source + " (" + kind + ", " + year + "), " + records + " records";
    }
}
