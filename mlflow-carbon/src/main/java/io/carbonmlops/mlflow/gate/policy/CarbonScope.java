package io.carbonmlops.mlflow.gate.policy;

/** What counts against a budget. See docs/gate.md, "Lineage". */
public enum CarbonScope {
    /** Only the run the model version was created from. */
    RUN,
    /** The source run, its ancestors and descendants, and the runs sharing its pipeline id tag. */
    LINEAGE
}
