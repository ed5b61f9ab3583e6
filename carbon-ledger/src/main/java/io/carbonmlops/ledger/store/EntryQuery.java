package io.carbonmlops.ledger.store;

import io.carbonmlops.ledger.EntryKind;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which entries to read: every condition that is set must hold (AND); the run ids match any of them. Results come
 * in chain order (by seq). Every condition is served by an index (docs/ledger.md lists them).
 *
 * <pre>EntryQuery.all().runIds(Set.of(runId, sourceRunId)).kind(EntryKind.MEASUREMENT)</pre>
 *
 * @param runIds      MLflow run ids (attribution {@code mlflow_run_id}); empty: any
 * @param parentRunId attribution {@code mlflow_parent_run_id}
 * @param from        {@code occurred_at} at or after (inclusive)
 * @param to          {@code occurred_at} before (exclusive)
 * @param limit       at most this many entries (1 to {@value #MAX_LIMIT})
 */
public record EntryQuery(Set<String> runIds, Optional<String> parentRunId, Optional<String> pipelineId,
        Optional<String> team, Optional<String> project, Optional<String> modelName, Optional<EntryKind> kind,
        Optional<Instant> from, Optional<Instant> to, int limit) {
    public static final int MAX_LIMIT = 100_000;
    /** At most this many run ids in one query. */
    public static final int MAX_RUN_IDS = 1_000;

    public EntryQuery {
        runIds = Set.copyOf(runIds);
        if (runIds.size() > MAX_RUN_IDS) {
            throw new IllegalArgumentException("at most " + MAX_RUN_IDS + " run ids per query, got " + runIds.size());
        }
        Objects.requireNonNull(parentRunId, "parentRunId");
        Objects.requireNonNull(pipelineId, "pipelineId");
        Objects.requireNonNull(team, "team");
        Objects.requireNonNull(project, "project");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("query limit must be 1 to " + MAX_LIMIT + ", was " + limit);
        }
    }

    /** Every entry (up to the limit). */
    public static EntryQuery all() {
        return new EntryQuery(Set.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), MAX_LIMIT);
    }

    /** The entries of one MLflow run. */
    public static EntryQuery forRun(String runId) {
        return all().runIds(Set.of(runId));
    }

    public EntryQuery runIds(Set<String> ids) {
        return new EntryQuery(new LinkedHashSet<>(ids), parentRunId, pipelineId, team, project, modelName, kind, from,
                to, limit);
    }

    public EntryQuery parentRunId(String id) {
        return new EntryQuery(runIds, Optional.of(id), pipelineId, team, project, modelName, kind, from, to, limit);
    }

    public EntryQuery pipelineId(String id) {
        return new EntryQuery(runIds, parentRunId, Optional.of(id), team, project, modelName, kind, from, to, limit);
    }

    public EntryQuery team(String name) {
        return new EntryQuery(runIds, parentRunId, pipelineId, Optional.of(name), project, modelName, kind, from, to,
                limit);
    }

    public EntryQuery project(String name) {
        return new EntryQuery(runIds, parentRunId, pipelineId, team, Optional.of(name), modelName, kind, from, to,
                limit);
    }

    public EntryQuery modelName(String name) {
        return new EntryQuery(runIds, parentRunId, pipelineId, team, project, Optional.of(name), kind, from, to, limit);
    }

    public EntryQuery kind(EntryKind k) {
        return new EntryQuery(runIds, parentRunId, pipelineId, team, project, modelName, Optional.of(k), from, to,
                limit);
    }

    /** {@code occurred_at} in [start, end). */
    public EntryQuery between(Instant start, Instant end) {
        return new EntryQuery(runIds, parentRunId, pipelineId, team, project, modelName, kind, Optional.of(start),
                Optional.of(end), limit);
    }

    public EntryQuery limit(int max) {
        return new EntryQuery(runIds, parentRunId, pipelineId, team, project, modelName, kind, from, to, max);
    }
}
