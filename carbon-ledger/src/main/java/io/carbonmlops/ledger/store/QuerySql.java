package io.carbonmlops.ledger.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The WHERE clause of an {@link EntryQuery}, with its parameters in order. */
record QuerySql(String sql, List<Object> parameters) {
    static QuerySql of(EntryQuery query, String alias) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        if (!query.runIds().isEmpty()) {
            conditions.add(alias + "mlflow_run_id IN (" + String.join(", ", query.runIds().stream().map(id -> "?").toList())
                    + ")");
            parameters.addAll(query.runIds().stream().sorted().toList());
        }
        equal(conditions, parameters, alias + "mlflow_parent_run_id", query.parentRunId());
        equal(conditions, parameters, alias + "pipeline_id", query.pipelineId());
        equal(conditions, parameters, alias + "team", query.team());
        equal(conditions, parameters, alias + "project", query.project());
        equal(conditions, parameters, alias + "model_name", query.modelName());
        query.kind().ifPresent(kind -> {
            conditions.add(alias + "kind = ?");
            parameters.add(kind.label());
        });
        query.from().ifPresent(from -> {
            conditions.add(alias + "occurred_at_ms >= ?");
            parameters.add(from.toEpochMilli());
        });
        query.to().ifPresent(to -> {
            conditions.add(alias + "occurred_at_ms < ?");
            parameters.add(to.toEpochMilli());
        });
        return new QuerySql(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), parameters);
    }

    private static void equal(List<String> conditions, List<Object> parameters, String column, Optional<String> value) {
        value.ifPresent(v -> {
            conditions.add(column + " = ?");
            parameters.add(v);
        });
    }
}
