package io.carbonmlops.mlflow.gate.lineage;

/** How a counted run relates to a model version, as the trusted ledger entries record it. */
public enum RunRelation {
    /** The version's run, its logged model's source run, or the run its source URI names. */
    SOURCE,
    /** Reached by following the entries' {@code mlflow_parent_run_id} up from a source run. */
    ANCESTOR,
    /** Its entries name a source run (or another descendant) as {@code mlflow_parent_run_id}. */
    DESCENDANT,
    /** Its entries carry the {@code pipeline_id} of a source run's (or nearest ancestor's) entries. */
    PIPELINE
}
