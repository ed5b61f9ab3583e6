package io.carbonmlops.meter.carbon.table;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The shipped map of AWS, GCP and Azure regions to grid zones ({@code cloud-regions.csv}). Immutable. */
public final class CloudRegions {
    static final String RESOURCE = "/io/carbonmlops/meter/carbon/cloud-regions.csv";

    private static final class Holder {
        static final CloudRegions SHIPPED = new CloudRegions(load());
    }

    private final Map<String, CloudRegion> byId;

    CloudRegions(List<CloudRegion> regions) {
        Map<String, CloudRegion> map = new LinkedHashMap<>();
        for (CloudRegion region : regions) {
            map.put(region.id(), region);
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    public static CloudRegions shipped() {
        return Holder.SHIPPED;
    }

    private static List<CloudRegion> load() {
        List<CloudRegion> regions = new ArrayList<>();
        for (Map<String, String> cells : CsvLines.readResource(RESOURCE)) {
            regions.add(new CloudRegion(cells.get("provider"), cells.get("region"), cells.get("location"),
                    cells.get("country_iso2"), cells.get("zone"), cells.get("source")));
        }
        return regions;
    }

    /** Looks up {@code aws:eu-west-1} (case-insensitive). */
    public Optional<CloudRegion> find(String id) {
        return Optional.ofNullable(byId.get(id.toLowerCase(Locale.ROOT)));
    }

    public List<CloudRegion> all() {
        return List.copyOf(byId.values());
    }

    /** True when the text has the {@code provider:region} shape, whether or not the region is known. */
    public static boolean looksLikeCloudRegion(String text) {
        int colon = text.indexOf(':');
        return colon > 0 && List.of("aws", "gcp", "azure").contains(text.substring(0, colon).toLowerCase(Locale.ROOT));
    }
}
