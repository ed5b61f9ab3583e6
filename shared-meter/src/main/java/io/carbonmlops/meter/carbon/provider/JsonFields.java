package io.carbonmlops.meter.carbon.provider;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.ProviderException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Reads fields of a provider's JSON, turning a missing or mistyped field into {@code malformed-response}. */
final class JsonFields {
    private JsonFields() {}

    static JsonObject object(JsonElement element, String what) throws ProviderException {
        if (element == null || !element.isJsonObject()) {
            throw malformed(what + " is not a JSON object");
        }
        return element.getAsJsonObject();
    }

    static JsonArray array(JsonObject parent, String field, String what) throws ProviderException {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonArray()) {
            throw malformed(what + " has no array '" + field + "'");
        }
        return element.getAsJsonArray();
    }

    static boolean isNull(JsonObject parent, String field) {
        JsonElement element = parent.get(field);
        return element == null || element.isJsonNull();
    }

    static double number(JsonObject parent, String field, String what) throws ProviderException {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw malformed(what + " has no number '" + field + "'");
        }
        return element.getAsDouble();
    }

    static String string(JsonObject parent, String field, String what) throws ProviderException {
        JsonElement element = parent.get(field);
        if (element == null || !element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw malformed(what + " has no string '" + field + "'");
        }
        return element.getAsString();
    }

    static String stringOr(JsonObject parent, String field, String fallback) {
        JsonElement element = parent.get(field);
        return element != null && element.isJsonPrimitive() ? element.getAsString() : fallback;
    }

    /** ISO-8601 with an offset, seconds optional: {@code 2018-01-20T12:00Z}, {@code …00.000Z}, {@code …+00:00}. */
    static Instant instant(JsonObject parent, String field, String what) throws ProviderException {
        String text = string(parent, field, what);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw malformed(what + " has an unreadable time '" + field + "': " + text);
        }
    }

    static ProviderException malformed(String message) {
        return new ProviderException(FallbackReason.MALFORMED_RESPONSE, message);
    }
}
