package io.carbonmlops.ledger.store;

import java.util.List;

/** The SQL that differs between SQLite and PostgreSQL for reading inside payloads (grouped totals for reports). */
interface SqlDialect {
    /** Text at a JSON path of the entry's payload ({@code e.payload}); NULL when absent. */
    String payloadText(List<String> path);

    /**
     * One expression that reads the payload once and holds the values at all the paths (to be materialised, then
     * unpacked with {@link #unpackText}): SQLite a JSON array of them, PostgreSQL the parsed jsonb.
     */
    String packed(List<List<String>> paths);

    /** The text of path number {@code index} ({@code path}) in a {@link #packed} column. */
    String unpackText(String column, int index, List<String> path);

    /** {@code YYYY-MM} of an epoch-milliseconds expression, in UTC. */
    String utcMonth(String millis);

    /** The FROM clause joining each entry {@code e} to its devices {@code d}. */
    String entriesWithDevices();

    /** A device's number field. */
    String deviceNumber(String field);

    /** A condition: the device's boolean field is true. */
    String deviceIsTrue(String field);

    /** A text expression as a double. */
    String toDouble(String text);

    SqlDialect SQLITE = new SqlDialect() {
        @Override
        public String payloadText(List<String> path) {
            return "json_extract(e.payload, '$." + String.join(".", path) + "')";
        }

        /** json_extract with several paths parses the payload once and answers a JSON array of the values. */
        @Override
        public String packed(List<List<String>> paths) {
            StringBuilder sql = new StringBuilder("json_extract(e.payload");
            paths.forEach(p -> sql.append(", '$.").append(String.join(".", p)).append("'"));
            return sql.append(")").toString();
        }

        @Override
        public String unpackText(String column, int index, List<String> path) {
            return "json_extract(" + column + ", '$[" + index + "]')";
        }

        @Override
        public String utcMonth(String millis) {
            return "strftime('%Y-%m', " + millis + " / 1000, 'unixepoch')";
        }

        @Override
        public String entriesWithDevices() {
            return "ledger_entries e, json_each(e.payload, '$.body.devices') d";
        }

        @Override
        public String deviceNumber(String field) {
            return "CAST(json_extract(d.value, '$." + field + "') AS REAL)";
        }

        @Override
        public String deviceIsTrue(String field) {
            return "json_extract(d.value, '$." + field + "') = 1";
        }

        @Override
        public String toDouble(String text) {
            return "CAST(" + text + " AS REAL)";
        }
    };

    SqlDialect POSTGRES = new SqlDialect() {
        @Override
        public String payloadText(List<String> path) {
            return "(e.payload::jsonb #>> '{" + String.join(",", path) + "}')";
        }

        @Override
        public String packed(List<List<String>> paths) {
            return "e.payload::jsonb";
        }

        @Override
        public String unpackText(String column, int index, List<String> path) {
            return "(" + column + " #>> '{" + String.join(",", path) + "}')";
        }

        @Override
        public String utcMonth(String millis) {
            return "to_char(to_timestamp(" + millis + " / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM')";
        }

        @Override
        public String entriesWithDevices() {
            return "ledger_entries e CROSS JOIN LATERAL jsonb_array_elements(CASE WHEN jsonb_typeof(e.payload::jsonb "
                    + "#> '{body,devices}') = 'array' THEN e.payload::jsonb #> '{body,devices}' ELSE '[]'::jsonb END) d";
        }

        @Override
        public String deviceNumber(String field) {
            return "(d ->> '" + field + "')::double precision";
        }

        @Override
        public String deviceIsTrue(String field) {
            return "(d ->> '" + field + "') = 'true'";
        }

        @Override
        public String toDouble(String text) {
            return "(" + text + ")::double precision";
        }
    };
}
