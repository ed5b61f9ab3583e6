package io.carbonmlops.ledger.verify;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.CanonicalJson;
import io.carbonmlops.ledger.ChainHash;
import io.carbonmlops.ledger.IndexedFields;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.Signatures;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;

/**
 * The checks of one row that need no neighbour: payload, stored hash, columns, signature. Stateless; run in
 * parallel by {@link LedgerVerifier}.
 */
final class RowCheck {
    private RowCheck() {}

    /**
     * The outcome for one row.
     *
     * @param hash      the hash recomputed from the row's contents; null when it cannot be computed
     * @param problem   the first failed check
     * @param unknownKey true when the only problem is a key the resolver does not know
     */
    record Result(String hash, Optional<ChainBreak> problem, boolean unknownKey) {}

    /**
     * @param coveredByCheckpoint the row lies at or before a checkpoint whose hash the verifier will reach through
     *     the chain: the row's bytes are then the ones checked in full before (SHA-256 links them to it), so only
     *     what the hash does not cover is checked again, the indexed columns. The canonical form, the schema and the
     *     signature are not: together they are most of the cost of a row (docs/benchmarks.md)
     */
    static Result check(StoredEntry row, SignerKeys keys, boolean requireSigned, boolean coveredByCheckpoint) {
        SignedEntry signed = row.signed();
        String id = signed.entryId().toString();
        JsonObject payload;
        try {
            payload = coveredByCheckpoint ? plainObject(signed.payload())
                    : CanonicalJson.parseCanonicalObject(signed.payload());
            if (!coveredByCheckpoint) {
                LedgerEntry.checkSchema(payload);
            }
        } catch (JsonParseException | IllegalArgumentException e) {
            return broken(null, row, BreakReason.MALFORMED, "payload: " + e.getMessage());
        }
        String payloadId = payload.has("entry_id") && payload.get("entry_id").isJsonPrimitive()
                ? payload.get("entry_id").getAsString() : null;
        if (!id.equals(payloadId)) {
            return broken(null, row, BreakReason.MALFORMED, "the entry_id column (" + id + ") differs from the payload's ("
                    + payloadId + ")");
        }
        if (signed.isSigned() && !Signatures.isCanonical(signed.signature())) {
            return broken(null, row, BreakReason.MALFORMED, "its signature column is not the base64 of a 64-byte "
                    + "Ed25519 signature as written at signing (padded, unused bits zero)");
        }
        String hash;
        try {
            hash = ChainHash.of(row.seq(), row.prevHash(), signed);
        } catch (IllegalArgumentException e) {
            return broken(null, row, BreakReason.MALFORMED, e.getMessage());
        }
        if (!hash.equals(row.entryHash())) {
            return broken(hash, row, BreakReason.CONTENT_MISMATCH, "stored entry_hash " + row.entryHash()
                    + " but its contents at seq " + row.seq() + " hash to " + hash
                    + " (the row was edited, or moved here from another position)");
        }
        Optional<String> column;
        try {
            column = differingColumn(IndexedFields.of(payload), row.indexed());
        } catch (RuntimeException e) { // only a row covered by a checkpoint gets here unchecked: its bytes changed
            return broken(hash, row, BreakReason.MALFORMED, "payload: its indexed fields cannot be read: " + e);
        }
        if (column.isPresent()) {
            return broken(hash, row, BreakReason.INDEX_MISMATCH, column.get());
        }
        return signature(row, hash, keys, requireSigned, !coveredByCheckpoint);
    }

    private static JsonObject plainObject(String text) {
        JsonElement parsed = JsonParser.parseString(text);
        if (!parsed.isJsonObject()) {
            throw new JsonParseException("not a JSON object");
        }
        return parsed.getAsJsonObject();
    }

    private static Result signature(StoredEntry row, String hash, SignerKeys keys, boolean requireSigned,
            boolean checkSignature) {
        SignedEntry signed = row.signed();
        if (!signed.isSigned()) {
            return requireSigned ? broken(hash, row, BreakReason.UNSIGNED, "no signature and --require-signed")
                    : new Result(hash, Optional.empty(), false);
        }
        if (!checkSignature) {
            return new Result(hash, Optional.empty(), false);
        }
        Optional<PublicKey> key = keys.key(signed.keyId());
        if (key.isEmpty()) {
            return new Result(hash, Optional.of(new ChainBreak(row.seq(), signed.entryId().toString(),
                    BreakReason.UNKNOWN_KEY, "key id " + signed.keyId() + " is not in " + keys.source())), true);
        }
        if (!Signatures.verify(key.get(), signed.payload(), signed.signature())) {
            return broken(hash, row, BreakReason.BAD_SIGNATURE, "the signature is not key " + signed.keyId()
                    + (keys.name(signed.keyId()).map(n -> " (" + n + ")").orElse("")) + "'s signature of the payload");
        }
        return new Result(hash, Optional.empty(), false);
    }

    private static Optional<String> differingColumn(IndexedFields expected, IndexedFields stored) {
        String[][] pairs = {
            {"kind", expected.kind(), stored.kind()},
            {"occurred_at_ms", String.valueOf(expected.occurredAtMillis()), String.valueOf(stored.occurredAtMillis())},
            {"mlflow_experiment_id", expected.mlflowExperimentId(), stored.mlflowExperimentId()},
            {"mlflow_run_id", expected.mlflowRunId(), stored.mlflowRunId()},
            {"mlflow_parent_run_id", expected.mlflowParentRunId(), stored.mlflowParentRunId()},
            {"pipeline_id", expected.pipelineId(), stored.pipelineId()},
            {"team", expected.team(), stored.team()},
            {"project", expected.project(), stored.project()},
            {"model_name", expected.modelName(), stored.modelName()},
            {"co2e_kg", str(expected.co2eKg()), str(stored.co2eKg())},
            {"co2e_market_kg", str(expected.co2eMarketBasedKg()), str(stored.co2eMarketBasedKg())},
            {"energy_kwh", str(expected.facilityEnergyKwh()), str(stored.facilityEnergyKwh())},
        };
        for (String[] pair : pairs) {
            if (!Objects.equals(pair[1], pair[2])) {
                return Optional.of("column " + pair[0] + " holds " + quote(pair[2]) + " but the signed payload says "
                        + quote(pair[1]));
            }
        }
        return Optional.empty();
    }

    private static String str(Double value) {
        return value == null ? null : Double.toString(value);
    }

    private static String quote(String value) {
        return value == null ? "nothing" : "'" + value + "'";
    }

    private static Result broken(String hash, StoredEntry row, BreakReason reason, String detail) {
        return new Result(hash, Optional.of(new ChainBreak(row.seq(), row.signed().entryId().toString(), reason, detail)),
                false);
    }
}
