package io.carbonmlops.meter.carbon;

import java.util.Objects;

/**
 * A zone the user typed, resolved to a grid zone key.
 *
 * @param input what the user typed ({@code aws:eu-west-1}, {@code DEU}, {@code se-se3})
 * @param zone  the Electricity Maps zone key as the API spells it ({@code IE}, {@code DE}, {@code SE-SE3})
 * @param via   how it was resolved, for provenance ({@code cloud region aws:eu-west-1 (Ireland)}); empty when
 *              typed as is
 */
public record ResolvedZone(String input, String zone, String via) {
    public ResolvedZone {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(via, "via");
    }
}
