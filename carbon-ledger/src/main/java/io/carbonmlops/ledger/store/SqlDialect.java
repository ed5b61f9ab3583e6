package io.carbonmlops.ledger.store;

import java.util.List;

/** The SQL that differs between SQLite and PostgreSQL for reading inside payloads (grouped totals for reports). */
interface SqlDialect {
    /** Text at a JSON path of the entry's payload ({@code e.payload}); NULL when absent. */
    String payloadText(List<String> path);

    /** A number at a JSON path of the payload, as a double; NULL when absent. */
    String payloadNumber(List<String> path);

    /** {@code YYYY-MM} of an epoch-milliseconds expression, in UTC. */
    String utcMonth(String millis);

    /** The FROM clause joining each entry {@code e} to its devices {@code d}. */
    String entriesWithDevices();

    /** A device's number field. */
    String deviceNumber(String field);

    /** A condition: the device's boolean field is true. */
    String deviceIsTrue(String field);

    SqlDialect SQLITE = new SqlDialect() {
        @Override
        public String payloadText(List<String> path) {
            return "json_extract(e.payload, '$." + String.join(".", path) + "')";
        }

        @Override
        public String payloadNumber(List<String> path) {
            return "CAST(" + payloadText(path) + " AS REAL)";
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
    };

    SqlDialect POSTGRES = new SqlDialect() {
        @Override
        public String payloadText(List<String> path) {
            return "(e.payload::jsonb #>> '{" + String.join(",", path) + "}')";
        }

        @Override
        public String payloadNumber(List<String> path) {
            return "(" + payloadText(path) + ")::double precision";
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
    };
}
