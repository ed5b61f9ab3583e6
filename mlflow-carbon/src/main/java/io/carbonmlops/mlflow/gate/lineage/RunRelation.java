package io.carbonmlops.mlflow.gate.lineage;

/** How a counted run relates to a model version's source run. */
public enum RunRelation {
    /** The run the model version was created from. */
    SOURCE,
    /** Reached by following {@code mlflow.parentRunId} up from the source run. */
    ANCESTOR,
    /** Reached by following {@code mlflow.parentRunId} down from the source run. */
    DESCENDANT,
    /** Shares the source run's pipeline id tag. */
    PIPELINE
}
