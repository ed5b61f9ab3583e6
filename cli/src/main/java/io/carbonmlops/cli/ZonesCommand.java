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
                + "each shows the figure a lookup uses, its year, source and licence. FILTER keeps entries whose key, "
                + "country code, name or region contains it (case-insensitive).",
        sortOptions = false)
public final class ZonesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILTER", arity = "0..1", description = "Text to filter by, e.g. SE, germany, aws:eu.")
    String filter;

    @Option(names = "--regions", description = "List cloud regions only.")
    boolean regionsOnly;

    @Option(names = "--json", description = "Print the lists as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        List<IntensityRow> zones = regionsOnly ? List.of() : GridIntensityTable.shipped().preferredRows().stream()
                .filter(r -> matches(r.zone(), r.countryIso2(), r.countryIso3(), r.name())).toList();
        List<CloudRegion> regions = CloudRegions.shipped().all().stream()
                .filter(r -> matches(r.id(), r.zone(), r.location(), r.countryIso2())).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            CliJson.print(out, toJson(zones, regions));
        } else {
            printText(zones, regions, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private boolean matches(String... fields) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String wanted = filter.toLowerCase(Locale.ROOT);
        for (String field : fields) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(wanted)) {
                return true;
            }
        }
        return false;
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
