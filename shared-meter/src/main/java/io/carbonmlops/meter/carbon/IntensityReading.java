package io.carbonmlops.meter.carbon;

import java.time.Instant;
import java.util.Objects;

/**
 * One carbon-intensity figure and where it came from.
 *
 * @param gramsPerKwh grams CO2e per kWh (converted once, at the provider: WattTime's lbs/MWh become g/kWh there)
 * @param zone        the grid zone it is for (Electricity Maps key, or the provider's own, e.g. a WattTime region)
 * @param provider    the provider's short name ({@code electricitymaps}, {@code watttime}, {@code uk}, {@code table})
 * @param source      what exactly was read, for an auditor: endpoint or table row, signal, scope, licence
 * @param kind        measured, forecast, yearly average or world average
 * @param from        start of the interval the figure holds for
 * @param to          end of that interval (exclusive)
 */
public record IntensityReading(
        double gramsPerKwh, String zone, String provider, String source, IntensityKind kind, Instant from, Instant to) {

    public IntensityReading {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!(gramsPerKwh >= 0) || Double.isInfinite(gramsPerKwh)) {
            throw new IllegalArgumentException("intensity must be a finite number >= 0 g/kWh, was " + gramsPerKwh);
        }
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("interval end " + to + " must be after its start " + from);
        }
    }

    public boolean covers(Instant instant) {
        return !instant.isBefore(from) && instant.isBefore(to);
    }
}
