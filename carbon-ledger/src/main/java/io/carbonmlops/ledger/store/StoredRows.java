package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.IndexedFields;
import io.carbonmlops.ledger.SignedEntry;
import io.carbonmlops.ledger.StoredEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/** Reads one row of the entry SELECT into a {@link StoredEntry}. */
final class StoredRows {
    private StoredRows() {}

    /**
     * @throws MalformedRowException when the row cannot be an entry at all (an entry id that is no UUID, a key id
     *                               without a signature): someone wrote it outside the store
     */
    static StoredEntry read(ResultSet rs) throws SQLException {
        long seq = rs.getLong("seq");
        String prevHash = rs.getString("prev_hash");
        String entryHash = rs.getString("entry_hash");
        SignedEntry signed;
        try {
            signed = new SignedEntry(canonicalUuid(rs.getString("entry_id")), rs.getString("payload"),
                    rs.getString("key_id"), rs.getString("public_key"), rs.getString("signature"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new MalformedRowException(seq, e.getMessage());
        }
        if (prevHash == null || entryHash == null) {
            throw new MalformedRowException(seq, "its prev_hash or entry_hash is empty");
        }
        IndexedFields indexed = new IndexedFields(rs.getString("kind"), rs.getLong("occurred_at_ms"),
                rs.getString("mlflow_experiment_id"), rs.getString("mlflow_run_id"),
                rs.getString("mlflow_parent_run_id"), rs.getString("pipeline_id"), rs.getString("team"),
                rs.getString("project"), rs.getString("model_name"), nullableDouble(rs, "co2e_kg"),
                nullableDouble(rs, "co2e_market_kg"), nullableDouble(rs, "energy_kwh"));
        return new StoredEntry(seq, prevHash, entryHash, signed, indexed);
    }

    /**
     * The id of an entry_id column, which must be spelt as {@link UUID#toString()} spells it: the column's UNIQUE
     * constraint compares text, and {@link UUID#fromString} also reads upper case and other spellings, so a second
     * spelling of a taken id would let one signed entry be stored twice.
     */
    private static UUID canonicalUuid(String text) {
        UUID id = UUID.fromString(text);
        if (!id.toString().equals(text)) {
            throw new IllegalArgumentException("its entry_id column '" + text + "' is not a UUID in canonical form ("
                    + id + "): a second spelling of an id lets one entry be stored twice");
        }
        return id;
    }

    private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double value = rs.getDouble(column);
        return rs.wasNull() ? null : value;
    }
}
