package io.carbonmlops.ledger;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.carbonmlops.ledger.store.LedgerStore;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes stored entries for other tools, page by page (a million entries need no more memory than one page).
 *
 * <ul>
 *   <li><b>jsonl</b>: one canonical JSON object per line: {@code entry} (the payload, exactly as signed: its canonical
 *       text is the signed bytes), {@code entry_hash}, {@code key_id}, {@code prev_hash}, {@code public_key},
 *       {@code seq}, {@code signature}. Enough to verify every hash and signature without the database.</li>
 *   <li><b>csv</b>: one row per entry with the attribution and figures from the signed payload ({@link #CSV_COLUMNS});
 *       RFC 4180 quoting, and text starting with {@code = + - @}, a tab or CR gets a leading {@code '} so no cell
 *       becomes a spreadsheet formula.</li>
 * </ul>
 */
public final class LedgerExport {
    public static final List<String> CSV_COLUMNS = List.of("seq", "entry_id", "kind", "occurred_at", "recorded_at",
            "mlflow_experiment_id", "mlflow_run_id", "mlflow_parent_run_id", "pipeline_id", "team", "project",
            "model_name", "stage", "jenkins_job", "jenkins_build", "jenkins_agent", "host", "facility_energy_kwh",
            "co2e_kg", "co2e_market_based_kg", "intensity_g_per_kwh", "intensity_zone", "intensity_source",
            "currency", "electricity_cost", "carbon_cost", "key_id", "entry_hash");
    private static final int PAGE = 2000;

    private LedgerExport() {}

    /** Entries {@code fromSeq..toSeq} as JSON lines; returns how many were written. */
    public static long jsonl(LedgerStore store, long fromSeq, long toSeq, Writer out) throws IOException {
        long written = 0;
        for (long after = fromSeq - 1; ; ) {
            List<StoredEntry> page = store.page(after, toSeq, PAGE);
            for (StoredEntry entry : page) {
                out.write(jsonLine(entry));
                out.write('\n');
                written++;
            }
            if (page.size() < PAGE) {
                return written;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    /**
     * One entry as its export line (without the newline). A payload that is not canonical JSON (a tampered row) cannot
     * be embedded as the signed object: the line then holds the stored text as {@code payload} and why it is not an
     * entry as {@code malformed}, so an export of a damaged ledger still shows every row.
     */
    public static String jsonLine(StoredEntry entry) {
        JsonObject line = new JsonObject();
        line.addProperty("seq", entry.seq());
        line.addProperty("prev_hash", entry.prevHash());
        line.addProperty("entry_hash", entry.entryHash());
        line.addProperty("key_id", entry.signed().keyId());
        line.addProperty("public_key", entry.signed().publicKey());
        line.addProperty("signature", entry.signed().signature());
        try {
            line.add("entry", CanonicalJson.parseCanonicalObject(entry.signed().payload()));
        } catch (JsonParseException e) {
            line.addProperty("payload", entry.signed().payload());
            line.addProperty("malformed", e.getMessage());
        }
        return CanonicalJson.write(line);
    }

    /**
     * The stored payload as JSON to read figures from, as stored: also when it is not canonical (a tampered row, which
     * verification names); an empty object when it is not a JSON object at all.
     */
    public static JsonObject readablePayload(StoredEntry entry) {
        try {
            JsonElement parsed = JsonParser.parseString(entry.signed().payload());
            return parsed.isJsonObject() ? parsed.getAsJsonObject() : new JsonObject();
        } catch (JsonParseException e) {
            return new JsonObject();
        }
    }

    /** Entries {@code fromSeq..toSeq} as CSV with a header row; returns how many rows were written. */
    public static long csv(LedgerStore store, long fromSeq, long toSeq, Writer out) throws IOException {
        out.write(String.join(",", CSV_COLUMNS) + "\r\n");
        long written = 0;
        for (long after = fromSeq - 1; ; ) {
            List<StoredEntry> page = store.page(after, toSeq, PAGE);
            for (StoredEntry entry : page) {
                out.write(String.join(",", csvRow(entry)) + "\r\n");
                written++;
            }
            if (page.size() < PAGE) {
                return written;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    private static List<String> csvRow(StoredEntry stored) {
        JsonObject payload = readablePayload(stored);
        JsonObject attribution = object(payload, "attribution");
        JsonObject body = object(payload, "body");
        JsonObject intensity = object(body, "intensity");
        JsonObject cost = object(body, "cost");
        List<String> row = new ArrayList<>();
        row.add(Long.toString(stored.seq()));
        row.add(text(payload, "entry_id"));
        row.add(text(payload, "kind"));
        row.add(text(payload, "occurred_at"));
        row.add(text(payload, "recorded_at"));
        for (String field : List.of(Attribution.MLFLOW_EXPERIMENT_ID, Attribution.MLFLOW_RUN_ID,
                Attribution.MLFLOW_PARENT_RUN_ID, Attribution.PIPELINE_ID, Attribution.TEAM, Attribution.PROJECT,
                Attribution.MODEL_NAME, Attribution.STAGE, Attribution.JENKINS_JOB, Attribution.JENKINS_BUILD,
                Attribution.JENKINS_AGENT, Attribution.HOST)) {
            row.add(text(attribution, field));
        }
        row.add(number(object(body, "energy_kwh"), "facility"));
        row.add(number(body, "co2e_kg"));
        row.add(number(body, "co2e_market_based_kg"));
        row.add(number(intensity, "g_per_kwh"));
        row.add(text(intensity, "zone"));
        row.add(text(intensity, "source"));
        row.add(text(cost, "currency"));
        row.add(number(cost, "electricity"));
        row.add(number(cost, "carbon"));
        row.add(stored.signed().keyId() == null ? "" : stored.signed().keyId());
        row.add(stored.entryHash());
        return row;
    }

    private static JsonObject object(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
    }

    private static String text(JsonObject json, String field) {
        JsonElement value = json.get(field);
        return value == null || !value.isJsonPrimitive() ? "" : csvField(value.getAsString());
    }

    private static String number(JsonObject json, String field) {
        JsonElement value = json.get(field);
        if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return "";
        }
        double number = value.getAsDouble();
        return Double.isFinite(number) ? EcmaNumbers.toString(number) : "";
    }

    /** RFC 4180 quoting, and a leading {@code '} before {@code = + - @}, a tab or CR (OWASP "CSV injection"). */
    public static String csvField(String text) {
        String safe = !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
        boolean quote = safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r");
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    /** The format names {@code carbon ledger export} accepts. */
    public enum Format {
        JSONL, CSV;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
