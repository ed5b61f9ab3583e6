package io.carbonmlops.meter.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * Everything needed to re-derive a CO2e figure from the energy: the intensity used and where it came from.
 *
 * @param gramsPerKwh    the figure used; for time-resolved accounting the energy-weighted mean of the intervals
 * @param zone           grid zone key the figure is for ({@code WORLD} for the world average)
 * @param source         provider and exact source (endpoint or table row, scope, licence)
 * @param kind           measured, forecast, yearly average or world average
 * @param asOf           start of the (first) interval the figure holds for; for a yearly average, 1 January of its year
 * @param fallbackReason the providers skipped before this one and why; {@code null} when the first one answered
 */
public record IntensityProvenance(double gramsPerKwh, String zone, String source, IntensityKind kind, Instant asOf,
        String fallbackReason) {

    public IntensityProvenance {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asOf, "asOf");
    }
}
