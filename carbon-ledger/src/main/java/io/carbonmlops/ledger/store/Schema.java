package io.carbonmlops.ledger.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The ledger's tables, indexes and append-only triggers, in the two SQL dialects. The tables are the same in both:
 *
 * <ul>
 *   <li>{@code ledger_entries}: one row per entry; {@code seq} is the key, {@code entry_id} unique, the payload
 *       stored as signed, the chain hashes, and the {@link io.carbonmlops.ledger.IndexedFields} columns;</li>
 *   <li>{@code ledger_keys}: each signer's public key, once, by key id;</li>
 *   <li>{@code ledger_meta}: {@code schema_version}.</li>
 * </ul>
 */
final class Schema {
    static final int VERSION = 1;

    static final String ENTRY_COLUMNS = "seq, entry_id, prev_hash, entry_hash, payload, key_id, signature, kind, "
            + "occurred_at_ms, mlflow_experiment_id, mlflow_run_id, mlflow_parent_run_id, pipeline_id, team, project, "
            + "model_name, co2e_kg, co2e_market_kg, energy_kwh";

    /** Secondary indexes: name, columns. Each query condition of {@link EntryQuery} has one. */
    private static final String[][] INDEXES = {
        {"ledger_entries_run", "mlflow_run_id, seq"},
        {"ledger_entries_parent", "mlflow_parent_run_id, seq"},
        {"ledger_entries_pipeline", "pipeline_id, seq"},
        {"ledger_entries_team_time", "team, occurred_at_ms"},
        {"ledger_entries_project_time", "project, occurred_at_ms"},
        {"ledger_entries_model_time", "model_name, occurred_at_ms"},
        {"ledger_entries_kind_time", "kind, occurred_at_ms"},
        {"ledger_entries_time", "occurred_at_ms"},
    };

    private static final String[] TABLES = {"ledger_entries", "ledger_keys", "ledger_meta"};

    private Schema() {}

    /** Statements that create what is missing; safe to run on a complete schema. */
    static List<String> sqlite() {
        List<String> statements = new ArrayList<>(tables("INTEGER PRIMARY KEY", "INTEGER", "REAL"));
        statements.add("INSERT OR IGNORE INTO ledger_meta (name, value) VALUES ('schema_version', '" + VERSION + "')");
        for (String table : TABLES) {
            for (String operation : new String[] {"UPDATE", "DELETE"}) {
                statements.add("CREATE TRIGGER IF NOT EXISTS " + table + "_no_" + operation.toLowerCase() + " BEFORE "
                        + operation + " ON " + table + " BEGIN SELECT RAISE(ABORT, 'carbon ledger is append-only: "
                        + operation + " on " + table + " refused'); END");
            }
        }
        return statements;
    }

    /** Statements that create the whole schema on PostgreSQL (14 or newer); run once, by the owner role. */
    static List<String> postgres() {
        List<String> statements = new ArrayList<>(tables("BIGINT PRIMARY KEY", "BIGINT", "DOUBLE PRECISION"));
        statements.add("INSERT INTO ledger_meta (name, value) VALUES ('schema_version', '" + VERSION + "') "
                + "ON CONFLICT (name) DO NOTHING");
        statements.add("CREATE OR REPLACE FUNCTION carbon_ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
                + "BEGIN RAISE EXCEPTION 'carbon ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME "
                + "USING ERRCODE = 'insufficient_privilege'; END $$");
        for (String table : TABLES) {
            statements.add("CREATE OR REPLACE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION carbon_ledger_refuse_change()");
            statements.add("CREATE OR REPLACE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table
                    + " FOR EACH STATEMENT EXECUTE FUNCTION carbon_ledger_refuse_change()");
        }
        return statements;
    }

    /** The grants for a role that appends and reads, and nothing else (docs/ledger.md). */
    static List<String> writerGrants(String role) {
        String name = identifier(role);
        return List.of("GRANT SELECT, INSERT ON ledger_entries, ledger_keys TO " + name,
                "GRANT SELECT ON ledger_meta TO " + name);
    }

    /**
     * A role name as SQL: a plain lower-case name as it is, any other quoted (so "ci-writer" works and text like
     * "w; DROP TABLE …" stays one name in statements an owner pastes).
     */
    private static String identifier(String role) {
        return role.matches("[a-z_][a-z0-9_]*") ? role : "\"" + role.replace("\"", "\"\"") + "\"";
    }

    private static List<String> tables(String seqType, String bigint, String real) {
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TABLE IF NOT EXISTS ledger_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
        statements.add("CREATE TABLE IF NOT EXISTS ledger_keys (key_id TEXT PRIMARY KEY, public_key TEXT NOT NULL)");
        statements.add("CREATE TABLE IF NOT EXISTS ledger_entries ("
                + "seq " + seqType + ", "
                + "entry_id TEXT NOT NULL UNIQUE, "
                + "prev_hash TEXT NOT NULL, "
                + "entry_hash TEXT NOT NULL, "
                + "payload TEXT NOT NULL, "
                + "key_id TEXT, "
                + "signature TEXT, "
                + "kind TEXT NOT NULL, "
                + "occurred_at_ms " + bigint + " NOT NULL, "
                + "mlflow_experiment_id TEXT, mlflow_run_id TEXT, mlflow_parent_run_id TEXT, pipeline_id TEXT, "
                + "team TEXT, project TEXT, model_name TEXT, "
                + "co2e_kg " + real + ", co2e_market_kg " + real + ", energy_kwh " + real + ")");
        for (String[] index : INDEXES) {
            statements.add("CREATE INDEX IF NOT EXISTS " + index[0] + " ON ledger_entries (" + index[1] + ")");
        }
        return statements;
    }
}
