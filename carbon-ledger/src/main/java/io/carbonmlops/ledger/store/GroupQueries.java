package io.carbonmlops.ledger.store;

import java.util.ArrayList;
import java.util.List;

/** The SQL of {@link LedgerStore#groupTotals} and its companions, for one dialect. */
record GroupQueries(SqlDialect dialect) {
    private static final List<String> IT_ENERGY = List.of("body", "energy_kwh", "total");
    /** A carbon-aware shift's realised saving and its run-now counterfactual (ShiftSection in shared-meter). */
    private static final List<String> SHIFT_SAVED = List.of("body", "shift", "outcome", "saved_kg");
    private static final List<String> SHIFT_RUN_NOW = List.of("body", "shift", "outcome", "run_now_co2e_kg");

    /** The group's value: an indexed column where there is one, else read from the payload. */
    String group(GroupBy groupBy) {
        return switch (groupBy) {
            case TEAM -> "e.team";
            case PROJECT -> "e.project";
            case MODEL -> "e.model_name";
            case PIPELINE -> "e.pipeline_id";
            case VERSION -> "CASE WHEN e.model_name IS NULL THEN NULL ELSE e.model_name || '@' || COALESCE("
                    + dialect.payloadText(GroupBy.MODEL_VERSION_PATH) + ", '') END";
            case ZONE, AGENT -> dialect.payloadText(groupBy.path());
        };
    }

    String month() {
        return dialect.utcMonth("e.occurred_at_ms");
    }

    /** Indexed columns only: no payload is read unless the grouping needs it. */
    QuerySql totals(EntryQuery query, GroupBy groupBy) {
        QuerySql where = QuerySql.of(query, "e.");
        String sql = "SELECT " + group(groupBy) + ", " + month() + ", e.key_id, COUNT(*), COALESCE(SUM(e.co2e_kg), 0), "
                + "COUNT(e.co2e_kg), COUNT(e.co2e_market_kg), COALESCE(SUM(e.co2e_market_kg), 0), "
                + "COALESCE(SUM(CASE WHEN e.co2e_market_kg IS NOT NULL THEN e.co2e_kg END), 0), "
                + "COALESCE(SUM(e.energy_kwh), 0), MIN(e.seq), MAX(e.seq) FROM ledger_entries e" + where.sql()
                + " GROUP BY 1, 2, 3";
        return new QuerySql(sql, where.parameters());
    }

    QuerySql devices(EntryQuery query, GroupBy groupBy) {
        QuerySql where = QuerySql.of(query, "e.");
        String energy = dialect.deviceNumber("energy_j");
        String sql = "SELECT " + group(groupBy) + ", " + month() + ", COALESCE(SUM(CASE WHEN "
                + dialect.deviceIsTrue("estimate") + " THEN " + energy + " ELSE 0 END), 0), COALESCE(SUM(" + energy
                + "), 0) FROM " + dialect.entriesWithDevices() + where.sql() + " GROUP BY 1, 2";
        return new QuerySql(sql, where.parameters());
    }

    /**
     * Intensity sources, IT energy and carbon-aware shift savings per group and month, each payload read once: a materialised inner query packs
     * the values, the outer one unpacks and groups them.
     */
    QuerySql intensities(EntryQuery query, GroupBy groupBy) {
        QuerySql where = QuerySql.of(query, "e.");
        List<List<String>> paths = List.of(IT_ENERGY, List.of("body", "intensity", "zone"),
                List.of("body", "intensity", "source"), List.of("body", "intensity", "kind"),
                List.of("body", "intensity", "as_of"), SHIFT_SAVED, SHIFT_RUN_NOW);
        String saved = dialect.toDouble(dialect.unpackText("a", 5, SHIFT_SAVED));
        String sql = "WITH s AS MATERIALIZED (SELECT " + group(groupBy) + " AS g, " + month() + " AS m, "
                + dialect.packed(paths) + " AS a FROM ledger_entries e" + where.sql() + ") SELECT g, m, "
                + dialect.unpackText("a", 1, paths.get(1)) + ", " + dialect.unpackText("a", 2, paths.get(2)) + ", "
                + dialect.unpackText("a", 3, paths.get(3)) + ", substr(" + dialect.unpackText("a", 4, paths.get(4))
                + ", 1, 4), COUNT(*), COALESCE(SUM(" + dialect.toDouble(dialect.unpackText("a", 0, paths.get(0)))
                + "), 0), COUNT(" + saved + "), COALESCE(SUM(" + saved + "), 0), COALESCE(SUM(CASE WHEN " + saved
                + " IS NOT NULL THEN " + dialect.toDouble(dialect.unpackText("a", 6, SHIFT_RUN_NOW))
                + " END), 0) FROM s GROUP BY 1, 2, 3, 4, 5, 6";
        return new QuerySql(sql, where.parameters());
    }

    /** One page of entry references after {@code afterSeq}. */
    QuerySql refs(EntryQuery query, GroupBy groupBy, long afterSeq, int limit) {
        QuerySql where = QuerySql.of(query, "e.");
        List<Object> parameters = new ArrayList<>(where.parameters());
        parameters.add(afterSeq);
        parameters.add(limit);
        String sql = "SELECT e.seq, e.entry_id, e.kind, e.occurred_at_ms, " + group(groupBy) + ", " + month()
                + ", e.key_id, e.co2e_kg, e.co2e_market_kg, e.energy_kwh FROM ledger_entries e"
                + (where.sql().isEmpty() ? " WHERE " : where.sql() + " AND ") + "e.seq > ? ORDER BY e.seq LIMIT ?";
        return new QuerySql(sql, parameters);
    }
}
