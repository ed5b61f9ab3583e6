package io.carbonmlops.meter.carbon;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The JSON fields of a {@link CarbonFootprint}, added to a measurement document (see
 * {@link io.carbonmlops.meter.report.MeasurementJson#addCarbon}): {@code co2e_kg}, {@code intensity}
 * {g_per_kwh, zone, source, kind, as_of, fallback_reason}, {@code accounting}, {@code intensity_intervals},
 * {@code facility_energy_kwh}, and when asked for {@code co2e_market_based_kg}, {@code market_factor_g_per_kwh} and
 * {@code cost} {currency, electricity, carbon}. Absent values are left out, never written as 0.
 */
public final class CarbonFootprintJson {
    private static final DateTimeFormatter INSTANT_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private CarbonFootprintJson() {}

    /** Adds the footprint's fields to {@code json}; its warnings join the document's {@code warnings} array. */
    public static void addTo(JsonObject json, CarbonFootprint footprint) {
        json.addProperty("co2e_kg", footprint.co2eKg());
        json.add("intensity", intensity(footprint.intensity()));
        json.addProperty("accounting", footprint.accounting().label());
        json.addProperty("intensity_intervals", footprint.intervals());
        json.addProperty("facility_energy_kwh", footprint.facilityEnergyKwh());
        footprint.marketBasedCo2eKg().ifPresent(kg -> json.addProperty("co2e_market_based_kg", kg));
        footprint.marketFactorGramsPerKwh().ifPresent(g -> json.addProperty("market_factor_g_per_kwh", g));
        footprint.cost().ifPresent(cost -> {
            JsonObject money = new JsonObject();
            money.addProperty("currency", cost.currency());
            cost.electricityCost().ifPresent(v -> money.addProperty("electricity", v));
            cost.carbonCost().ifPresent(v -> money.addProperty("carbon", v));
            json.add("cost", money);
        });
        JsonElement warnings = json.get("warnings");
        if (warnings == null || !warnings.isJsonArray()) {
            warnings = new JsonArray();
            json.add("warnings", warnings);
        }
        footprint.warnings().forEach(warnings.getAsJsonArray()::add);
    }

    /**
     * {@code {g_per_kwh, zone, source, kind, as_of, fallback_reason}}; fallback_reason is JSON null when the first
     * provider answered, so readers always find the field.
     */
    public static JsonObject intensity(IntensityProvenance provenance) {
        JsonObject json = new JsonObject();
        json.addProperty("g_per_kwh", provenance.gramsPerKwh());
        json.addProperty("zone", provenance.zone());
        json.addProperty("source", provenance.source());
        json.addProperty("kind", provenance.kind().label());
        json.addProperty("as_of", formatInstant(provenance.asOf()));
        json.addProperty("fallback_reason", provenance.fallbackReason());
        return json;
    }

    /** {@code 2026-11-30T03:00:00.000Z}, the instant format of measurement documents. */
    public static String formatInstant(Instant instant) {
        return INSTANT_MILLIS.format(instant);
    }
}
