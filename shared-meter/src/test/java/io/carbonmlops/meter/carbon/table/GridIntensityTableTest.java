package io.carbonmlops.meter.carbon.table;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped table against the source files it was generated from. */
class GridIntensityTableTest {
    private final GridIntensityTable table = GridIntensityTable.shipped();

    @Test
    void everyElectricityMapsFigureAndYearMatchesItsSourceFile() throws IOException {
        for (int year : List.of(2024, 2025)) {
            JsonObject source = json("electricitymaps-yearly-" + year + ".json");
            assertThat(source.keySet()).as("zones in %s", year).hasSize(352);
            for (String zone : source.keySet()) {
                double expected = source.getAsJsonObject(zone).getAsJsonObject("carbonIntensity").get("value")
                        .getAsDouble();
                IntensityRow row = table.rows(zone).stream()
                        .filter(r -> r.source().equals("Electricity Maps") && r.year() == year).findFirst()
                        .orElseThrow(() -> new AssertionError("no Electricity Maps " + year + " row for " + zone));
                assertThat(row.zone()).as("zone key kept exactly as the API keys it").isEqualTo(zone);
                assertThat(row.gramsPerKwh()).as("%s %s", zone, year).isEqualTo(expected);
                assertThat(row.licence()).isEqualTo("ODbL-1.0");
                assertThat(row.scope()).isEqualTo("lifecycle-consumption");
            }
        }
    }

    @Test
    void everyEmberCountryFigureAndYearMatchesItsSourceFile() throws IOException {
        JsonObject source = json("ember-yearly-average-intensities.json");
        int countries = 0;
        for (String key : source.keySet()) {
            JsonObject entry = source.getAsJsonObject(key);
            String iso3 = entry.get("country_code").getAsString();
            if (iso3.isEmpty()) {
                continue;
            }
            countries++;
            String iso2 = table.iso2ForIso3(iso3).orElseThrow(() -> new AssertionError("no alpha-2 for " + iso3));
            IntensityRow row = table.rows(iso2).stream().filter(r -> r.source().equals("Ember")).findFirst()
                    .orElseThrow(() -> new AssertionError("no Ember row for " + iso3));
            assertThat(row.countryIso3()).isEqualTo(iso3);
            assertThat(row.gramsPerKwh()).as(iso3).isEqualTo(entry.get("emissions_intensity_gco2_per_kwh").getAsDouble());
            assertThat(row.year()).as(iso3).isEqualTo(entry.get("year").getAsInt());
            assertThat(row.licence()).isEqualTo("CC-BY-SA-4.0");
        }
        assertThat(countries).as("Ember countries").isGreaterThan(200);
    }

    @Test
    void worldAverageIsEmbersWorldFigure() throws IOException {
        JsonObject world = json("ember-yearly-average-intensities.json").getAsJsonObject("World");
        IntensityRow row = table.worldAverage();
        assertThat(row.gramsPerKwh()).isEqualTo(world.get("emissions_intensity_gco2_per_kwh").getAsDouble())
                .isEqualTo(472.94);
        assertThat(row.year()).isEqualTo(2024);
    }

    @Test
    void electricityMapsIsPreferredWhereItCoversTheZoneAndEmberElsewhere() {
        assertThat(table.preferred("DE").orElseThrow())
                .extracting(IntensityRow::source, IntensityRow::year, IntensityRow::gramsPerKwh)
                .containsExactly("Electricity Maps", 2025, 342.0);
        assertThat(table.preferred("CL").orElseThrow())
                .as("Electricity Maps has only CL-SEN, so Chile as a country comes from Ember")
                .extracting(IntensityRow::source, IntensityRow::year).containsExactly("Ember", 2024);
        for (String zone : table.zones()) {
            List<IntensityRow> rows = table.rows(zone);
            assertThat(rows.stream().filter(IntensityRow::preferred)).as("one preferred row for %s", zone).hasSize(1);
            boolean hasElectricityMaps = rows.stream().anyMatch(r -> r.source().equals("Electricity Maps"));
            IntensityRow preferred = table.preferred(zone).orElseThrow();
            assertThat(preferred.source()).as(zone).isEqualTo(hasElectricityMaps ? "Electricity Maps" : "Ember");
        }
    }

    @Test
    void shippedCloudRegionsAreExactlyTheSourceListAndEachMapsToAZoneInTheTable() throws IOException {
        List<String> lines = Files.readAllLines(SharedData.directory().resolve("cloud-regions.csv"),
                StandardCharsets.UTF_8);
        Map<String, String> sourceZones = lines.stream().skip(1).map(CsvLines::split)
                .collect(Collectors.toMap(c -> c.get(0) + ":" + c.get(1), c -> c.get(4)));
        List<CloudRegion> shipped = CloudRegions.shipped().all();
        assertThat(shipped).hasSize(sourceZones.size());
        for (CloudRegion region : shipped) {
            assertThat(region.zone()).as(region.id()).isEqualTo(sourceZones.get(region.id()));
            assertThat(table.preferred(region.zone())).as("zone of %s in the table", region.id()).isPresent();
        }
        Set<String> providers = shipped.stream().map(CloudRegion::provider).collect(Collectors.toSet());
        assertThat(providers).containsExactlyInAnyOrder("aws", "gcp", "azure");
        assertThat(CloudRegions.shipped().find("AWS:eu-west-1").orElseThrow().zone()).isEqualTo("IE");
    }

    private static JsonObject json(String name) throws IOException {
        Path file = SharedData.directory().resolve(name);
        return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
    }
}
