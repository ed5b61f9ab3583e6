package io.carbonmlops.ledger;

import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_A;
import static io.carbonmlops.ledger.testing.LedgerFixtures.KEY_B;
import static io.carbonmlops.ledger.testing.LedgerFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.google.gson.JsonObject;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import io.carbonmlops.meter.inference.InferenceJson;
import io.carbonmlops.meter.inference.ModelVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceEntriesTest {
    private static final TrustList TRUST_A = TrustList.of(List.of(TrustedKey.of("jenkins-prod", KEY_A.publicKey())));
    private static final ModelVersion FRAUD_3 = ModelVersion.of("fraud", "3");

    @TempDir
    Path dir;

    /** A one-hour window ending {@code minutes} after T0: 0.6 kWh facility, {@code co2eKg}, {@code predictions}. */
    private static LedgerEntry window(ModelVersion model, double co2eKg, long predictions, int minutes) {
        Instant end = T0.plus(Duration.ofMinutes(minutes));
        JsonObject document = LedgerFixtures.document(end, co2eKg);
        InferenceJson.addTo(document, model, predictions);
        return InferenceEntries.fromDocument(document, Attribution.none().withTeam("risk"), end.plusSeconds(1));
    }

    @Test
    void theEntryHoldsTheMeasurementTheModelAndThePerPredictionFigures() {
        LedgerEntry entry = window(FRAUD_3, 0.2, 400_000, 60);

        assertThat(entry.kind()).isEqualTo(EntryKind.INFERENCE_WINDOW);
        assertThat(entry.attribution().get(Attribution.MODEL_NAME)).contains("fraud");
        assertThat(entry.attribution().get(Attribution.MODEL_VERSION)).contains("3");
        assertThat(entry.attribution().team()).contains("risk");
        JsonObject body = entry.body();
        assertThat(body.get("co2e_kg").getAsDouble()).isEqualTo(0.2);
        assertThat(body.getAsJsonArray("devices").get(0).getAsJsonObject().get("method").getAsString())
                .isEqualTo("nvml-energy-counter");
        JsonObject inference = body.getAsJsonObject("inference");
        assertThat(inference.has("model_name")).as("the model is in the signed attribution, once").isFalse();
        assertThat(inference.get("prediction_count").getAsLong()).isEqualTo(400_000);
        assertThat(inference.get("co2e_g_per_1k").getAsDouble()).as("200 g / 400").isCloseTo(0.5, within(1e-12));
        assertThat(inference.get("facility_energy_j_per_1k").getAsDouble()).as("0.6 kWh = 2.16 MJ / 400")
                .isCloseTo(5400.0, within(1e-6));
        assertThat(inference.get("predictions_per_s").getAsDouble()).isCloseTo(400_000 / 3600.0, within(1e-9));
        assertThat(IndexedFields.of(entry).co2eKg()).as("indexed like a measurement").isEqualTo(0.2);
        assertThat(IndexedFields.of(entry).modelName()).isEqualTo("fraud");
        assertThat(LedgerEntry.parse(entry.payload())).isEqualTo(entry);
    }

    @Test
    void documentsWithoutPredictionsOrModelOrWithAnotherModelAreRefused() {
        JsonObject plain = LedgerFixtures.document(T0, 0.1);
        assertThatThrownBy(() -> InferenceEntries.fromDocument(plain, Attribution.none(), T0))
                .hasMessageContaining("prediction_count");
        JsonObject counted = LedgerFixtures.document(T0, 0.1);
        InferenceJson.addTo(counted, FRAUD_3, 10);
        assertThatThrownBy(() -> InferenceEntries.fromDocument(counted, Attribution.none().withModelName("churn"),
                T0)).hasMessageContaining("differs");
    }

    @Test
    void theLatestVerifiedWindowOfAVersionIsFoundAndUntrustedOrOtherVersionsAreNot() {
        LedgerConfig config = LedgerConfig.of(new LedgerLocation.Sqlite(dir.resolve("ledger.db")))
                .withSpoolBase(dir.resolve("spool"));
        try (CarbonLedger ledger = CarbonLedger.open(config, KEY_A)) {
            assertThat(InferenceEntries.latestVerified(ledger, FRAUD_3, TRUST_A, Optional.empty())).isEmpty();
            LedgerEntry older = window(FRAUD_3, 0.2, 400_000, 60);
            LedgerEntry latest = window(FRAUD_3, 0.1, 400_000, 180);
            ledger.append(KEY_A.sign(latest));
            ledger.append(KEY_A.sign(older));                              // appended later, happened earlier
            ledger.append(KEY_B.sign(window(FRAUD_3, 9.0, 1, 240)));       // newer but by an outsider's key
            ledger.append(SignedEntry.unsigned(window(FRAUD_3, 9.0, 1, 250)));
            ledger.append(KEY_A.sign(window(ModelVersion.of("fraud", "4"), 9.0, 1, 300)));
            ledger.append(KEY_A.sign(window(ModelVersion.unversioned("fraud"), 9.0, 1, 310)));

            InferenceRecord found = InferenceEntries.latestVerified(ledger, FRAUD_3, TRUST_A, Optional.empty())
                    .orElseThrow();
            assertThat(found.entry().entry().entryId()).isEqualTo(latest.entryId());
            assertThat(found.co2eGramsPer1k().getAsDouble()).isCloseTo(0.25, within(1e-12));
            assertThat(found.modelVersion()).contains("3");
            assertThat(found.predictionCount()).isEqualTo(400_000);
            assertThat(InferenceEntries.latestVerified(ledger, FRAUD_3, TRUST_A, Optional.of("someone-else")))
                    .as("a rule's signed_by names another signer").isEmpty();
            assertThat(InferenceEntries.latestVerified(ledger, ModelVersion.of("fraud", "5"), TRUST_A,
                    Optional.empty())).isEmpty();

            // findAfter pages through matches in seq order
            EntryQuery query = EntryQuery.all().modelName("fraud").kind(EntryKind.INFERENCE_WINDOW).limit(4);
            List<StoredEntry> first = ledger.store().findAfter(query, 0);
            List<StoredEntry> second = ledger.store().findAfter(query, first.get(first.size() - 1).seq());
            assertThat(first).extracting(StoredEntry::seq).containsExactly(1L, 2L, 3L, 4L);
            assertThat(second).extracting(StoredEntry::seq).containsExactly(5L, 6L);
        }
    }
}
