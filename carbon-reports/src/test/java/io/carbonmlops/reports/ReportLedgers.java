package io.carbonmlops.reports;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** A month of ledger entries for report tests, and the figures re-derived from the stored payloads. */
public final class ReportLedgers {
    static final Instant NOV = Instant.parse("2026-11-01T00:00:00Z");
    static final Instant DEC = Instant.parse("2026-12-01T00:00:00Z");

    private ReportLedgers() {}

    /** A measurement document ending at {@code end} with these figures; market CO2e only when {@code marketKg >= 0}. */
    public static JsonObject document(Instant end, double co2eKg, double marketKg, double itKwh, double pue,
            boolean estimatedCpu) {
        JsonObject doc = LedgerFixtures.document(end, co2eKg);
        doc.remove("co2e_market_based_kg");
        if (marketKg >= 0) {
            doc.addProperty("co2e_market_based_kg", marketKg);
        }
        JsonObject kwh = doc.getAsJsonObject("energy_kwh");
        kwh.addProperty("gpu", itKwh * 0.75);
        kwh.addProperty("cpu", itKwh * 0.25);
        kwh.addProperty("total", itKwh);
        kwh.addProperty("facility", itKwh * pue);
        doc.addProperty("pue", pue);
        doc.addProperty("facility_energy_kwh", itKwh * pue);
        JsonObject gpu = doc.getAsJsonArray("devices").get(0).getAsJsonObject();
        gpu.addProperty("energy_j", itKwh * 0.75 * 3.6e6);
        JsonObject cpu = new JsonObject();
        cpu.addProperty("kind", "cpu");
        cpu.addProperty("index", 0);
        cpu.addProperty("name", "package-0");
        cpu.addProperty("energy_j", itKwh * 0.25 * 3.6e6);
        cpu.addProperty("method", estimatedCpu ? "cpu-tdp-utilisation-estimate" : "rapl");
        cpu.addProperty("estimate", estimatedCpu);
        doc.getAsJsonArray("devices").add(cpu);
        return doc;
    }

    /**
     * Two teams, three models, a Jenkins pipeline, an unsigned entry, one without a contractual factor, an estimate,
     * and entries outside November that the report must leave out.
     */
    static void fill(LedgerStore store) {
        append(store, true, document(NOV.plusSeconds(86_400 * 2), 1.2, 0.3, 3.0, 1.2, false),
                Attribution.none().withTeam("vision").withProject("seg").withModelName("segmenter")
                        .withModelVersion("3").withMlflowRun("1", "run-seg-1"));
        append(store, true, document(NOV.plusSeconds(86_400 * 9), 0.8, -1, 2.0, 1.1, true),
                Attribution.none().withTeam("vision").withProject("seg").withModelName("segmenter")
                        .withModelVersion("4").withMlflowRun("1", "run-seg-2"));
        append(store, true, shifted(document(NOV.plusSeconds(86_400 * 15), 2.5, 0.5, 6.0, 1.3, false), 3.125),
                Attribution.none().withTeam("vision").withProject("det").withModelName("detector")
                        .withPipelineId("nightly-2026-11-15").withJenkins("vision/train-detector", "42", "gpu-agent-3")
                        .withMlflowRun("2", "run-det-1"));
        append(store, false, document(NOV.plusSeconds(86_400 * 20), 0.4, 0.1, 1.0, 1.0, true),
                Attribution.none().withTeam("nlp").withProject("chat").withModelName("bert-qa")
                        .withMlflowRun("3", "run-bert-1"));
        append(store, true, document(NOV.plusSeconds(86_400 * 28), 0.6, 0.6, 1.5, 1.2, false),
                Attribution.none().withTeam("nlp").withProject("chat").withModelName("bert-qa")
                        .withModelVersion("1").withMlflowRun("3", "run-bert-2"));
        append(store, true, document(NOV.minusSeconds(3600), 9.0, 9.0, 9.0, 1.0, false),
                Attribution.none().withTeam("vision")); // October: outside the period
        append(store, true, shifted(document(DEC.plusSeconds(3600), 9.0, 9.0, 9.0, 1.0, false), 12.0),
                Attribution.none().withTeam("nlp"));    // December: outside the period
    }

    /** The document as a carbon-aware shift's: started by a wait, {@code runNowKg} had it started at once. */
    static JsonObject shifted(JsonObject document, double runNowKg) {
        double realised = document.get("co2e_kg").getAsDouble();
        JsonObject outcome = new JsonObject();
        outcome.addProperty("realised_co2e_kg", realised);
        outcome.addProperty("run_now_co2e_kg", runNowKg);
        outcome.addProperty("saved_kg", runNowKg - realised);
        JsonObject shift = new JsonObject();
        shift.addProperty("zone", "DE");
        shift.add("outcome", outcome);
        document.add("shift", shift);
        return document;
    }

    private static void append(LedgerStore store, boolean signed, JsonObject document, Attribution attribution) {
        LedgerEntry entry = MeasurementEntries.fromDocument(document, attribution,
                Instant.parse(document.get("ended_at").getAsString()).plusSeconds(5));
        store.append(signed ? KEY_A.sign(entry) : SignedEntry.unsigned(entry));
    }

    /** The period's stored entries, from the signed payloads. */
    static List<StoredEntry> inPeriod(LedgerStore store, Instant from, Instant to) {
        return store.find(EntryQuery.all().between(from, to));
    }

    /** A figure of every entry, summed per group; entries without the group under "(unattributed)". */
    static Map<String, Double> sum(List<StoredEntry> entries, Function<StoredEntry, String> group,
            Function<JsonObject, Double> figure) {
        Map<String, Double> sums = new TreeMap<>();
        for (StoredEntry e : entries) {
            String g = group.apply(e);
            sums.merge(g == null ? ReportLine.UNATTRIBUTED : g, figure.apply(e.entry().body()), Double::sum);
        }
        return sums;
    }

    static String team(StoredEntry e) {
        return e.entry().attribution().team().orElse(null);
    }

    static double co2e(JsonObject body) {
        return body.get("co2e_kg").getAsDouble();
    }

    /** Market-based as Scope 2 reads it: the contractual figure where there is one, else the location-based one. */
    static double market(JsonObject body) {
        JsonElement market = body.get("co2e_market_based_kg");
        return market != null ? market.getAsDouble() : co2e(body);
    }

    static double itKwh(JsonObject body) {
        return body.getAsJsonObject("energy_kwh").get("total").getAsDouble();
    }

    static double facilityKwh(JsonObject body) {
        return body.getAsJsonObject("energy_kwh").get("facility").getAsDouble();
    }

    static double estimatedJoules(JsonObject body) {
        double joules = 0;
        for (JsonElement d : body.getAsJsonArray("devices")) {
            if (d.getAsJsonObject().get("estimate").getAsBoolean()) {
                joules += d.getAsJsonObject().get("energy_j").getAsDouble();
            }
        }
        return joules;
    }

    static double deviceJoules(JsonObject body) {
        double joules = 0;
        for (JsonElement d : body.getAsJsonArray("devices")) {
            joules += d.getAsJsonObject().get("energy_j").getAsDouble();
        }
        return joules;
    }

    static List<String> ids(List<StoredEntry> entries, String team) {
        List<String> ids = new ArrayList<>();
        entries.stream().filter(e -> team.equals(team(e))).forEach(e -> ids.add(e.entry().entryId().toString()));
        return ids;
    }
}
