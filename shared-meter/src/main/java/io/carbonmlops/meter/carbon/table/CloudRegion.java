package io.carbonmlops.meter.carbon.table;

import java.util.Locale;
import java.util.Objects;

/**
 * A cloud region and the grid zone its data centres draw from.
 *
 * @param provider    {@code aws}, {@code gcp} or {@code azure}
 * @param region      the provider's region id ({@code eu-west-1}, {@code europe-west4}, {@code westeurope})
 * @param location    city or area
 * @param countryIso2 ISO alpha-2 code of the country
 * @param zone        Electricity Maps zone key
 * @param source      the public lists the facts come from
 */
public record CloudRegion(String provider, String region, String location, String countryIso2, String zone,
        String source) {

    public CloudRegion {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(zone, "zone");
    }

    /** The spelling users type: {@code aws:eu-west-1}. */
    public String id() {
        return provider.toLowerCase(Locale.ROOT) + ":" + region.toLowerCase(Locale.ROOT);
    }
}
