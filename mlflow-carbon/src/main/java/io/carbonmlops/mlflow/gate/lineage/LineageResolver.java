package io.carbonmlops.mlflow.gate.lineage;

import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.api.RunRecord;
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
 * Finds the runs whose emissions count for a model version. The lineage of source run S is, each run once:
 * <ol>
 *   <li>S itself;</li>
 *   <li>its ancestors: S's {@code mlflow.parentRunId}, that run's parent, and so on to the root;</li>
 *   <li>its descendants: runs whose {@code mlflow.parentRunId} is S, their children, and so on;</li>
 *   <li>its pipeline: runs whose pipeline tag (default {@code carbon.pipeline_id}) equals S's, or, when S has none,
 *       the nearest ancestor's.</li>
 * </ol>
 * Descendant and pipeline searches cover the experiments of S and its ancestors, and include deleted runs. Siblings
 * of S (other children of S's parent) count only through the pipeline tag. When more than {@code maxRuns} runs are
 * found, the lineage reports a problem instead of a figure that may be too low.
 */
public final class LineageResolver {
    private static final int MAX_ANCESTOR_DEPTH = 100;
    /** Nested runs read in one search before falling back to one search per parent. */
    static final int NESTED_SCAN_LIMIT = 5000;

    private final RegistryApi api;
    private final String metricKey;
    private final String pipelineTag;
    private final int maxRuns;

    public LineageResolver(RegistryApi api, String metricKey, String pipelineTag, int maxRuns) {
        this.api = Objects.requireNonNull(api, "api");
        this.metricKey = Objects.requireNonNull(metricKey, "metricKey");
        this.pipelineTag = Objects.requireNonNull(pipelineTag, "pipelineTag");
        this.maxRuns = maxRuns;
    }

    /** Only the source run. */
    public Lineage sourceOnly(RunRecord source) {
        return new Lineage(List.of(counted(source, RunRelation.SOURCE)), Optional.empty(), List.of());
    }

    public Lineage resolve(RunRecord source) {
        Map<String, CountedRun> found = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        found.put(source.runId(), counted(source, RunRelation.SOURCE));

        List<RunRecord> ancestors = ancestors(source, notes);
        ancestors.forEach(run -> found.putIfAbsent(run.runId(), counted(run, RunRelation.ANCESTOR)));
        Set<String> experiments = new LinkedHashSet<>();
        experiments.add(source.experimentId());
        ancestors.forEach(run -> experiments.add(run.experimentId()));
        List<String> experimentIds = List.copyOf(experiments);

        Optional<String> problem = addDescendants(source, experimentIds, found);
        if (problem.isEmpty()) {
            problem = addPipeline(source, ancestors, experimentIds, found, notes);
        }
        return new Lineage(List.copyOf(found.values()), problem, notes);
    }

    private List<RunRecord> ancestors(RunRecord source, List<String> notes) {
        List<RunRecord> ancestors = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>(List.of(source.runId()));
        Optional<String> parentId = source.parentRunId();
        while (parentId.isPresent() && ancestors.size() < MAX_ANCESTOR_DEPTH) {
            if (!seen.add(parentId.get())) {
                notes.add("run " + parentId.get() + " is its own ancestor (a parentRunId cycle); stopped there");
                break;
            }
            RunRecord parent;
            try {
                parent = api.getRun(parentId.get());
            } catch (MlflowApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                notes.add("parent run " + parentId.get() + " no longer exists; not counted");
                break;
            }
            ancestors.add(parent);
            parentId = parent.parentRunId();
        }
        return ancestors;
    }

    private Optional<String> addDescendants(RunRecord source, List<String> experimentIds,
            Map<String, CountedRun> found) {
        Optional<Map<String, List<RunRecord>>> tree = nestedRunsByParent(experimentIds);
        Deque<String> pending = new ArrayDeque<>(List.of(source.runId()));
        Set<String> expanded = new LinkedHashSet<>();
        while (!pending.isEmpty()) {
            String parentId = pending.removeFirst();
            if (!expanded.add(parentId)) {
                continue;
            }
            List<RunRecord> children = tree.isPresent() ? tree.get().getOrDefault(parentId, List.of())
                    : api.searchRuns(experimentIds, "tags.`" + RunRecord.PARENT_RUN_TAG + "` = '" + parentId + "'",
                            maxRuns + 1);
            for (RunRecord child : children) {
                if (found.putIfAbsent(child.runId(), counted(child, RunRelation.DESCENDANT)) == null) {
                    pending.addLast(child.runId());
                }
                if (found.size() > maxRuns) {
                    return Optional.of(tooMany());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Every nested run of the experiments, by parent, in one paged search, when there are at most
     * {@link #NESTED_SCAN_LIMIT}; otherwise empty, and descendants are searched for parent by parent instead.
     */
    private Optional<Map<String, List<RunRecord>>> nestedRunsByParent(List<String> experimentIds) {
        List<RunRecord> nested = api.searchRuns(experimentIds, "tags.`" + RunRecord.PARENT_RUN_TAG + "` LIKE '%'",
                NESTED_SCAN_LIMIT + 1);
        if (nested.size() > NESTED_SCAN_LIMIT) {
            return Optional.empty();
        }
        Map<String, List<RunRecord>> byParent = new LinkedHashMap<>();
        for (RunRecord run : nested) {
            run.parentRunId().ifPresent(parent -> byParent.computeIfAbsent(parent, k -> new ArrayList<>()).add(run));
        }
        return Optional.of(byParent);
    }

    private Optional<String> addPipeline(RunRecord source, List<RunRecord> ancestors, List<String> experimentIds,
            Map<String, CountedRun> found, List<String> notes) {
        Optional<String> pipelineId = source.tag(pipelineTag);
        for (int i = 0; pipelineId.isEmpty() && i < ancestors.size(); i++) {
            pipelineId = ancestors.get(i).tag(pipelineTag);
        }
        if (pipelineId.isEmpty()) {
            notes.add("no " + pipelineTag + " tag on the source run or its ancestors; no pipeline runs counted");
            return Optional.empty();
        }
        if (pipelineId.get().contains("'") || pipelineId.get().contains("\\")) {
            return Optional.of(pipelineTag + " '" + pipelineId.get()
                    + "' contains a quote or backslash, which MLflow search cannot express; lineage not resolved");
        }
        String filter = "tags.`" + pipelineTag + "` = '" + pipelineId.get() + "'";
        for (RunRecord run : api.searchRuns(experimentIds, filter, maxRuns + 1)) {
            found.putIfAbsent(run.runId(), counted(run, RunRelation.PIPELINE));
            if (found.size() > maxRuns) {
                return Optional.of(tooMany());
            }
        }
        return Optional.empty();
    }

    private String tooMany() {
        return "the lineage has more than " + maxRuns + " runs (lineage.max_runs); refusing rather than judging a"
                + " partial figure";
    }

    private CountedRun counted(RunRecord run, RunRelation relation) {
        return new CountedRun(run.runId(), run.runName(), run.experimentId(), relation, run.metric(metricKey),
                run.isDeleted());
    }
}
