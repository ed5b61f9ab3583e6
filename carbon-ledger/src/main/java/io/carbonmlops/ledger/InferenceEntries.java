package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.verify.EntryVerdict;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.inference.InferenceJson;
import io.carbonmlops.meter.inference.InferenceMeasurement;
import io.carbonmlops.meter.inference.ModelVersion;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Builds and finds {@link EntryKind#INFERENCE_WINDOW} entries: the energy and CO2e of a serving window or a batch
 * inference job with its prediction count (docs/ledger.md, "inference-window").
 *
 * <p>The body is a measurement body ({@link MeasurementEntries}: window, devices with their methods, {@code pue},
 * {@code energy_kwh}, {@code co2e_kg}, {@code co2e_market_based_kg}, intensity with provenance, cost) plus
 * {@code inference}: {@code prediction_count}, {@code predictions_per_s}, {@code energy_j_per_1k},
 * {@code facility_energy_j_per_1k}, {@code co2e_g_per_1k}, {@code co2e_market_based_g_per_1k}. The model is in the
 * attribution ({@code model_name}, required; {@code model_version} when it is a registry version), where it is
 * signed with the figures.
 */
public final class InferenceEntries {
    private static final int PAGE = 1000;

    private InferenceEntries() {}

    /** The entry of an {@link io.carbonmlops.meter.inference.InferenceMeter} window. */
    public static LedgerEntry of(InferenceMeasurement window, Optional<CarbonFootprint> footprint,
            Attribution attribution, Instant recordedAt) {
        return fromDocument(InferenceJson.toJsonObject(window, footprint), attribution, recordedAt);
    }

    /**
     * The entry of a measurement document with an {@code inference} object ({@code carbon measure --predictions
     * --json}). The document's {@code inference.model_name} / {@code model_version} fill the attribution's when it
     * has none.
     *
     * @throws IllegalArgumentException when the document has no inference object or prediction count, when no model
     *                                  name is known, or when the document and the attribution name different models
     */
    public static LedgerEntry fromDocument(JsonObject document, Attribution attribution, Instant recordedAt) {
        JsonElement inference = document.get("inference");
        if (inference == null || !inference.isJsonObject()
                || !inference.getAsJsonObject().has("prediction_count")) {
            throw new IllegalArgumentException("an inference-window entry needs the document's inference object with "
                    + "its prediction_count (carbon measure --predictions N)");
        }
        JsonObject figures = inference.getAsJsonObject().deepCopy();
        Attribution attributed = take(figures, "model_name", Attribution.MODEL_NAME, attribution);
        attributed = take(figures, "model_version", Attribution.MODEL_VERSION, attributed);
        if (attributed.get(Attribution.MODEL_NAME).isEmpty()) {
            throw new IllegalArgumentException("an inference-window entry must name its model (--model-name)");
        }
        JsonObject body = MeasurementEntries.body(document);
        body.add("inference", figures);
        LedgerEntry entry = LedgerEntry.create(EntryKind.INFERENCE_WINDOW, MeasurementEntries.endedAt(document),
                recordedAt, attributed, body);
        entry.payload(); // refuses NaN and infinities now
        return entry;
    }

    private static Attribution take(JsonObject figures, String field, String attributionField,
            Attribution attribution) {
        JsonElement value = figures.remove(field);
        if (value == null || value.isJsonNull()) {
            return attribution;
        }
        Optional<String> given = attribution.get(attributionField);
        if (given.isPresent() && !given.get().equals(value.getAsString())) {
            throw new IllegalArgumentException("the inference document's " + field + " '" + value.getAsString()
                    + "' differs from the attribution's '" + given.get() + "'");
        }
        return attribution.with(attributionField, value.getAsString());
    }

    /**
     * The latest (by {@code occurred_at}, then seq) inference-window entry of a model version that is intact and
     * signed by a trusted key (and by {@code signer} when given): what a gate judges {@code max_inference_g_per_1k}
     * on. Empty when there is none, which a gate must treat as "no carbon record", never as zero.
     *
     * @param version the registry version; entries without {@code model_version} never match
     */
    public static Optional<InferenceRecord> latestVerified(CarbonLedger ledger, ModelVersion version,
            TrustList trust, Optional<String> signer) {
        EntryQuery query = EntryQuery.all().modelName(version.name()).kind(EntryKind.INFERENCE_WINDOW).limit(PAGE);
        Optional<InferenceRecord> best = Optional.empty();
        for (long afterSeq = 0; ; ) {
            List<StoredEntry> page = ledger.store().findAfter(query, afterSeq);
            List<StoredEntry> matching = page.stream().filter(e -> sameVersion(e, version)).toList();
            for (EntryVerdict verdict : ledger.check(matching, trust)) {
                boolean counts = signer.map(verdict::signedBy).orElse(verdict.trusted());
                if (counts) {
                    InferenceRecord record = InferenceRecord.of(verdict.entry());
                    if (best.isEmpty() || LATEST.compare(record, best.get()) > 0) {
                        best = Optional.of(record);
                    }
                }
            }
            if (page.size() < PAGE) {
                return best;
            }
            afterSeq = page.get(page.size() - 1).seq();
        }
    }

    private static final Comparator<InferenceRecord> LATEST = Comparator
            .comparing((InferenceRecord r) -> r.entry().entry().occurredAt())
            .thenComparingLong(r -> r.entry().seq());

    private static boolean sameVersion(StoredEntry stored, ModelVersion version) {
        try {
            return version.version().equals(stored.entry().attribution().get(Attribution.MODEL_VERSION));
        } catch (RuntimeException e) {
            return true; // a malformed row: let the per-entry check name it (it will not count)
        }
    }
}
