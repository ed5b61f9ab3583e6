package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.ledger.store.EntryQuery;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the runs whose emissions count for a model version, from the attribution signed into trusted ledger entries
 * (never from MLflow tags, which anyone with write access can change). From the source runs S:
 * <ol>
 *   <li>S itself;</li>
 *   <li>ancestors: the {@code mlflow_parent_run_id} of S's entries, that run's entries' parent, and so on;</li>
 *   <li>descendants: runs whose entries name S (or a descendant) as {@code mlflow_parent_run_id};</li>
 *   <li>pipeline: entries carrying the {@code pipeline_id} of S's entries or, when those have none, of the nearest
 *       ancestor's.</li>
 * </ol>
 * Entries that disagree (two parents, two pipelines) are all followed: a figure can only grow by it. Beyond
 * {@code maxRuns} runs, the lineage reports a problem instead of a figure that may be too low.
 */
public final class LedgerLineage {
    private static final int MAX_ANCESTOR_DEPTH = 100;

    private final TrustedEntries reader;
    private final int maxRuns;
    private final Map<String, CountedRun> found = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public LedgerLineage(TrustedEntries reader, int maxRuns) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.maxRuns = maxRuns;
    }

    /** Only the source runs. */
    public Lineage sourceOnly(Set<String> sourceRuns) {
        try {
            addRuns(reader.ofRuns(sourceRuns), RunRelation.SOURCE);
            return finish(Optional.empty());
        } catch (TrustedEntries.TooManyEntriesException e) {
            return finish(Optional.of(e.getMessage()));
        }
    }

    public Lineage resolve(Set<String> sourceRuns) {
        try {
            addRuns(reader.ofRuns(sourceRuns), RunRelation.SOURCE);
            List<CountedRun> ancestors = addAncestors();
            addDescendants();
            addPipelines(ancestors);
            return finish(found.size() > maxRuns ? Optional.of(tooMany()) : Optional.empty());
        } catch (TooManyRuns e) {
            return finish(Optional.of(tooMany()));
        } catch (TrustedEntries.TooManyEntriesException e) {
            return finish(Optional.of(e.getMessage()));
        }
    }

    private List<CountedRun> addAncestors() {
        List<CountedRun> ancestors = new ArrayList<>();
        Set<String> frontier = parentsOf(found.values());
        for (int depth = 0; !frontier.isEmpty() && depth < MAX_ANCESTOR_DEPTH; depth++) {
            Map<String, List<CarbonEntry>> parents = reader.ofRuns(frontier);
            List<CountedRun> added = addRuns(parents, RunRelation.ANCESTOR);
            added.stream().filter(run -> run.entries().isEmpty()).forEach(run -> notes.add("parent run " + run.runId()
                    + " has no trusted ledger entry; its own parent cannot be known and is not counted"));
            ancestors.addAll(added);
            frontier = parentsOf(added);
        }
        return ancestors;
    }

    private void addDescendants() {
        Deque<String> pending = new ArrayDeque<>(found.values().stream()
                .filter(run -> run.relation() == RunRelation.SOURCE).map(CountedRun::runId).toList());
        Set<String> expanded = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String parent = pending.removeFirst();
            if (!expanded.add(parent) || parent.startsWith("entry ")) {
                continue;
            }
            Map<String, List<CarbonEntry>> children = group(reader.find(EntryQuery.all().parentRunId(parent)));
            for (CountedRun child : addRuns(children, RunRelation.DESCENDANT)) {
                pending.addLast(child.runId());
            }
        }
    }

    private void addPipelines(List<CountedRun> ancestors) {
        Set<String> pipelines = pipelinesOf(found.values().stream().filter(r -> r.relation() == RunRelation.SOURCE)
                .toList());
        for (int i = 0; pipelines.isEmpty() && i < ancestors.size(); i++) {
            pipelines = pipelinesOf(List.of(ancestors.get(i)));
        }
        if (pipelines.isEmpty()) {
            notes.add("no pipeline_id in the trusted entries of the source runs or their ancestors; no pipeline runs"
                    + " counted");
        }
        for (String pipeline : pipelines) {
            addRuns(group(reader.find(EntryQuery.all().pipelineId(pipeline))), RunRelation.PIPELINE);
        }
    }

    /** Adds the runs not found yet; entries of a run found before join it. Returns the runs added. */
    private List<CountedRun> addRuns(Map<String, List<CarbonEntry>> byRun, RunRelation relation) {
        List<CountedRun> added = new ArrayList<>();
        byRun.forEach((runId, entries) -> {
            CountedRun earlier = found.get(runId);
            if (earlier != null) {
                List<CarbonEntry> all = new ArrayList<>(earlier.entries());
                all.addAll(entries);
                found.put(runId, new CountedRun(runId, earlier.relation(), all));
                return;
            }
            CountedRun run = new CountedRun(runId, relation, entries);
            found.put(runId, run);
            added.add(run);
            if (found.size() > maxRuns) {
                throw new TooManyRuns();
            }
        });
        return added;
    }

    private Set<String> parentsOf(java.util.Collection<CountedRun> runs) {
        Set<String> parents = new LinkedHashSet<>();
        runs.forEach(run -> run.entries().forEach(entry -> entry.parentRunId()
                .filter(parent -> !found.containsKey(parent)).ifPresent(parents::add)));
        return parents;
    }

    private static Set<String> pipelinesOf(List<CountedRun> runs) {
        Set<String> pipelines = new LinkedHashSet<>();
        runs.forEach(run -> run.entries().forEach(entry -> entry.pipelineId().ifPresent(pipelines::add)));
        return pipelines;
    }

    private static Map<String, List<CarbonEntry>> group(List<CarbonEntry> entries) {
        Map<String, List<CarbonEntry>> byRun = new LinkedHashMap<>();
        entries.forEach(entry -> byRun.computeIfAbsent(entry.countedAs(), k -> new ArrayList<>()).add(entry));
        return byRun;
    }

    private Lineage finish(Optional<String> problem) {
        reader.skippedNote().ifPresent(notes::add);
        return new Lineage(List.copyOf(found.values()), problem, notes);
    }

    private String tooMany() {
        return "the lineage has more than " + maxRuns + " runs (lineage.max_runs); refusing rather than judging a"
                + " partial figure";
    }

    private static final class TooManyRuns extends RuntimeException {
        TooManyRuns() {
            super(null, null, false, false);
        }
    }
}
