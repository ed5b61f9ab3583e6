package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One carbon record as it is signed: the payload of a ledger entry. Its canonical JSON ({@link #payload()}, RFC 8785)
 * is what the signer signs and what the chain hashes:
 *
 * <pre>{"attribution":{…},"body":{…},"entry_id":"…","kind":"measurement","occurred_at":"2026-11-30T03:00:00.000Z",
 * "recorded_at":"2026-11-30T03:00:01.250Z","schema_version":1}</pre>
 *
 * @param entryId     random UUID made once per record; a store holds each id at most once (exactly-once appends)
 * @param kind        what the body records
 * @param occurredAt  when the recorded thing happened (a measurement: the end of its window); time-range queries
 *                    and monthly totals use it. Kept to the millisecond
 * @param recordedAt  when the entry was made (and signed); kept to the millisecond
 * @param attribution run, pipeline, team, project, model, Jenkins build and host the record belongs to
 * @param body        the kind's own fields (docs/ledger.md); numbers must be finite
 */
public record LedgerEntry(UUID entryId, EntryKind kind, Instant occurredAt, Instant recordedAt, Attribution attribution,
        JsonObject body) {
    public static final int SCHEMA_VERSION = 1;

    private static final DateTimeFormatter INSTANT_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    public LedgerEntry {
        Objects.requireNonNull(entryId, "entryId");
        Objects.requireNonNull(kind, "kind");
        occurredAt = Objects.requireNonNull(occurredAt, "occurredAt").truncatedTo(ChronoUnit.MILLIS);
        recordedAt = Objects.requireNonNull(recordedAt, "recordedAt").truncatedTo(ChronoUnit.MILLIS);
        Objects.requireNonNull(attribution, "attribution");
        body = Objects.requireNonNull(body, "body").deepCopy();
    }

    /** A new entry with a fresh random id. */
    public static LedgerEntry create(EntryKind kind, Instant occurredAt, Instant recordedAt, Attribution attribution,
            JsonObject body) {
        return new LedgerEntry(UUID.randomUUID(), kind, occurredAt, recordedAt, attribution, body);
    }

    /** A copy of the body (the record keeps its own). */
    @Override
    public JsonObject body() {
        return body.deepCopy();
    }

    /** The canonical JSON text that is signed and hashed. */
    public String payload() {
        return CanonicalJson.write(toJson());
    }

    /** {@link #payload()} in UTF-8. */
    public byte[] payloadBytes() {
        return payload().getBytes(StandardCharsets.UTF_8);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject();
        json.addProperty("schema_version", SCHEMA_VERSION);
        json.addProperty("entry_id", entryId.toString());
        json.addProperty("kind", kind.label());
        json.addProperty("occurred_at", formatInstant(occurredAt));
        json.addProperty("recorded_at", formatInstant(recordedAt));
        json.add("attribution", attribution.toJson());
        json.add("body", body.deepCopy());
        return json;
    }

    /**
     * Reads a payload; it must be canonical JSON of schema version 1.
     *
     * @throws JsonParseException naming the field that is missing or wrong
     */
    public static LedgerEntry parse(String payload) {
        return fromJson(CanonicalJson.parseCanonicalObject(payload));
    }

    /**
     * The entry of a payload already parsed with {@link CanonicalJson#parseCanonicalObject} (verification parses
     * once and reads both the entry and its indexed fields).
     *
     * @throws JsonParseException naming the field that is missing or wrong
     */
    public static LedgerEntry fromJson(JsonObject json) {
        Fields fields = Fields.of(json);
        return new LedgerEntry(fields.entryId, fields.kind, fields.occurredAt, fields.recordedAt, fields.attribution,
                fields.body);
    }

    /**
     * Checks everything {@link #fromJson} checks without building the entry, whose copy of the body is most of its
     * cost (verification reads every entry of a ledger).
     *
     * @throws JsonParseException naming the field that is missing or wrong
     */
    public static void checkSchema(JsonObject json) {
        Fields.of(json);
    }

    /** The fields of a payload, read and checked. */
    private record Fields(UUID entryId, EntryKind kind, Instant occurredAt, Instant recordedAt, Attribution attribution,
            JsonObject body) {
        static Fields of(JsonObject json) {
            int version = (int) number(json, "schema_version");
            if (version != SCHEMA_VERSION) {
                throw new JsonParseException("ledger entry schema_version " + version + " is not supported (this "
                        + "reader knows " + SCHEMA_VERSION + "); upgrade carbon-mlops");
            }
            try {
                return new Fields(LedgerEntry.entryId(string(json, "entry_id")), EntryKind.ofLabel(string(json, "kind")),
                        instant(json, "occurred_at"), instant(json, "recorded_at"),
                        Attribution.fromJson(object(json, "attribution")), object(json, "body"));
            } catch (IllegalArgumentException e) {
                throw new JsonParseException(e.getMessage(), e);
            }
        }
    }

    /** An entry id in the one spelling {@link UUID#toString()} writes (lower case, 8-4-4-4-12). */
    private static UUID entryId(String text) {
        UUID id = UUID.fromString(text);
        if (!id.toString().equals(text)) {
            throw new JsonParseException("ledger entry 'entry_id' must be a lower-case UUID (" + id + "), was '" + text
                    + "'");
        }
        return id;
    }

    /** {@code 2026-11-30T03:42:18.120Z}: always three fraction digits. */
    public static String formatInstant(Instant instant) {
        return INSTANT_MILLIS.format(instant);
    }

    private static JsonElement required(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || value.isJsonNull()) {
            throw new JsonParseException("ledger entry lacks '" + field + "'");
        }
        return value;
    }

    private static String string(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw new JsonParseException("ledger entry '" + field + "' must be a string, was " + value);
        }
        return value.getAsString();
    }

    private static double number(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            throw new JsonParseException("ledger entry '" + field + "' must be a number, was " + value);
        }
        return value.getAsDouble();
    }

    private static JsonObject object(JsonObject json, String field) {
        JsonElement value = required(json, field);
        if (!value.isJsonObject()) {
            throw new JsonParseException("ledger entry '" + field + "' must be an object, was " + value);
        }
        return value.getAsJsonObject();
    }

    private static Instant instant(JsonObject json, String field) {
        String text = string(json, field);
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new JsonParseException("ledger entry '" + field + "' must be an ISO-8601 UTC instant, was '" + text
                    + "'", e);
        }
    }
}
