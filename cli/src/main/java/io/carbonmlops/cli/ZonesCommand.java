package io.carbonmlops.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.table.CloudRegion;
import io.carbonmlops.meter.carbon.table.CloudRegions;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import io.carbonmlops.meter.carbon.table.IntensityRow;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carbon zones [FILTER]}: the grid zones of the shipped table and the cloud regions mapped to them. */
@Command(name = "zones",
        mixinStandardHelpOptions = true,
        header = "List known grid zones (with their yearly intensity) and cloud regions.",
        description = "Zones are Electricity Maps zone keys, or ISO alpha-2 codes for countries only Ember covers; "
                + "each shows the figure a lookup uses, its year, source and licence. FILTER (case-insensitive) is "
                + "first taken as a code: a zone key or its prefix (SE matches SE-SE3), an ISO country code, a cloud "
                + "region id or its prefix. Only where no code matches are names and locations searched for it; "
                + "--names searches them as well.",
        sortOptions = false)
public final class ZonesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILTER", arity = "0..1", description = "Text to filter by, e.g. SE, germany, aws:eu.")
    String filter;

    @Option(names = "--regions", description = "List cloud regions only.")
    boolean regionsOnly;

    @Option(names = "--names", description = "Match FILTER against names and locations too, even where codes match.")
    boolean names;

    @Option(names = "--json", description = "Print the lists as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        List<IntensityRow> allZones = regionsOnly ? List.of() : GridIntensityTable.shipped().preferredRows();
        List<CloudRegion> allRegions = CloudRegions.shipped().all();
        List<IntensityRow> zones = allZones.stream().filter(this::zoneCodeMatches).toList();
        List<CloudRegion> regions = allRegions.stream().filter(this::regionCodeMatches).toList();
        List<IntensityRow> zonesByName = allZones.stream()
                .filter(r -> !zoneCodeMatches(r) && nameMatches(r.name(), r.zone())).toList();
        List<CloudRegion> regionsByName = allRegions.stream()
                .filter(r -> !regionCodeMatches(r) && nameMatches(r.location(), r.id())).toList();
        // Zones and regions each fall back to names only when no code of theirs matches.
        List<IntensityRow> zonesNotShown = names || zones.isEmpty() ? List.of() : zonesByName;
        List<CloudRegion> regionsNotShown = names || regions.isEmpty() ? List.of() : regionsByName;
        if (names || zones.isEmpty()) {
            zones = concat(zones, zonesByName);
        }
        if (names || regions.isEmpty()) {
            regions = concat(regions, regionsByName);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            CliJson.print(out, toJson(zones, regions));
        } else {
            printText(zones, regions, out);
            if (!zonesNotShown.isEmpty() || !regionsNotShown.isEmpty()) {
                List<String> others = new java.util.ArrayList<>();
                zonesNotShown.forEach(r -> others.add(r.name() + " (" + r.zone() + ")"));
                regionsNotShown.forEach(r -> others.add(r.location() + " (" + r.id() + ")"));
                out.printf("%nalso '%s' in a name or location, not a code: %s%s; add --names to list them%n", filter,
                        String.join(", ", others.subList(0, Math.min(6, others.size()))),
                        others.size() > 6 ? " and " + (others.size() - 6) + " more" : "");
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    private String wanted() {
        return filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
    }

    /** A zone key it prefixes (SE: SE, SE-SE1 … SE-SE4), or the ISO alpha-2 or alpha-3 country code. */
    private boolean zoneCodeMatches(IntensityRow row) {
        return wanted().isEmpty() || row.zone().toLowerCase(Locale.ROOT).startsWith(wanted()) || equal(row.countryIso2())
                || equal(row.countryIso3());
    }

    /** The region id or a prefix of it (aws:eu-west, or eu-west without the provider), or its zone as above. */
    private boolean regionCodeMatches(CloudRegion region) {
        String id = region.id().toLowerCase(Locale.ROOT);
        String withoutProvider = id.substring(id.indexOf(':') + 1);
        return wanted().isEmpty() || id.startsWith(wanted()) || withoutProvider.startsWith(wanted())
                || codeOrPrefix(region.zone()) || equal(region.countryIso2());
    }

    private boolean codeOrPrefix(String code) {
        String lower = code == null ? "" : code.toLowerCase(Locale.ROOT);
        return lower.equals(wanted()) || lower.startsWith(wanted() + "-");
    }

    private boolean equal(String code) {
        return code != null && code.equalsIgnoreCase(wanted());
    }

    private boolean nameMatches(String... fields) {
        for (String field : fields) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(wanted())) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        List<T> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    private static void printText(List<IntensityRow> zones, List<CloudRegion> regions, PrintWriter out) {
        if (!zones.isEmpty()) {
            out.printf("%-14s %-5s %8s %5s  %-17s %-13s %s%n",
                    "ZONE", "ISO3", "G/KWH", "YEAR", "SOURCE", "LICENCE", "NAME");
            for (IntensityRow row : zones) {
                out.printf(Locale.ROOT, "%-14s %-5s %8s %5d  %-17s %-13s %s%n", row.zone(), row.countryIso3(),
                        MeasurementSummary.significant(row.gramsPerKwh(), 5), row.year(), row.source(), row.licence(),
                        row.name());
            }
        }
        if (!regions.isEmpty()) {
            if (!zones.isEmpty()) {
                out.println();
            }
            out.printf("%-32s %-14s %s%n", "CLOUD REGION", "ZONE", "LOCATION");
            for (CloudRegion region : regions) {
                out.printf("%-32s %-14s %s%n", region.id(), region.zone(), region.location());
            }
        }
        if (zones.isEmpty() && regions.isEmpty()) {
            out.println("no zone or cloud region matches; run 'carbon zones' without a filter to see them all");
        }
    }

    private static JsonObject toJson(List<IntensityRow> zones, List<CloudRegion> regions) {
        JsonArray zoneArray = new JsonArray();
        for (IntensityRow row : zones) {
            JsonObject zone = new JsonObject();
            zone.addProperty("zone", row.zone());
            zone.addProperty("country_iso2", row.countryIso2());
            zone.addProperty("country_iso3", row.countryIso3());
            zone.addProperty("name", row.name());
            zone.addProperty("g_per_kwh", row.gramsPerKwh());
            zone.addProperty("year", row.year());
            zone.addProperty("source", row.source());
            zone.addProperty("scope", row.scope());
            zone.addProperty("licence", row.licence());
            zoneArray.add(zone);
        }
        JsonArray regionArray = new JsonArray();
        for (CloudRegion region : regions) {
            JsonObject entry = new JsonObject();
            entry.addProperty("region", region.id());
            entry.addProperty("zone", region.zone());
            entry.addProperty("location", region.location());
            entry.addProperty("country_iso2", region.countryIso2());
            regionArray.add(entry);
        }
        JsonObject json = new JsonObject();
        json.add("zones", zoneArray);
        json.add("cloud_regions", regionArray);
        return json;
    }
}
