package io.carbonmlops.meter.carbon.table;

import java.util.Objects;

/**
 * One row of the shipped table: a yearly average for one zone from one source.
 *
 * @param zone         Electricity Maps zone key, or the ISO alpha-2 code for an Ember-only country, or {@code WORLD}
 * @param countryIso2  ISO 3166-1 alpha-2 code of the zone's country (empty for WORLD)
 * @param countryIso3  ISO 3166-1 alpha-3 code of the zone's country (empty for WORLD)
 * @param name         the source's name for the zone
 * @param gramsPerKwh  yearly average, g CO2e per kWh
 * @param year         the year the figure averages
 * @param source       {@code Electricity Maps} or {@code Ember}
 * @param scope        {@code lifecycle-consumption} (Electricity Maps) or {@code lifecycle-generation} (Ember)
 * @param licence      SPDX id: {@code ODbL-1.0} or {@code CC-BY-SA-4.0}
 * @param preferred    true for the one row per zone a lookup returns
 */
public record IntensityRow(
        String zone, String countryIso2, String countryIso3, String name, double gramsPerKwh, int year,
        String source, String scope, String licence, boolean preferred) {

    public IntensityRow {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
    }

    /** {@code Electricity Maps 2025 yearly average (lifecycle-consumption, ODbL-1.0)}. */
    public String describe() {
        return source + " " + year + " yearly average (" + scope + ", " + licence + ")";
    }
}
