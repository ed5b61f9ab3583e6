package io.carbonmlops.mlflow.gate;

/** Why the gate allowed or refused a promotion. */
public enum Verdict {
    /** The counted CO2e is within the matching rule's budget (and any monthly budget). */
    WITHIN_BUDGET(true),
    /** No rule covers this model and target, and the policy allows unmatched promotions. */
    NO_RULE_ALLOWED(true),
    /** A budget was exceeded or a record missing, but a valid exception covers this version. */
    EXCEPTION_APPLIED(true),
    /** No counted run has a carbon record, and the policy allows that. */
    NO_CARBON_RECORD_ALLOWED(true),
    /** The registered model is an MLflow prompt, which the gate does not judge. */
    NOT_GATED(true),
    /** The counted CO2e exceeds the rule's budget. */
    OVER_BUDGET(false),
    /** The latest verified inference window's CO2e per 1,000 predictions exceeds the rule's limit. */
    INFERENCE_OVER_BUDGET(false),
    /** The team or project has used more than its monthly budget. */
    MONTHLY_BUDGET_EXCEEDED(false),
    /** No counted run has a carbon record, or a rule's inference limit finds no inference record (refused by default). */
    NO_CARBON_RECORD(false),
    /** No rule covers this model and target, and the policy denies unmatched promotions. */
    NO_RULE_DENIED(false),
    /** The runs to count could not be determined completely. */
    LINEAGE_UNRESOLVED(false),
    /** The model version does not exist. */
    VERSION_NOT_FOUND(false);

    private final boolean allows;

    Verdict(boolean allows) {
        this.allows = allows;
    }

    public boolean allows() {
        return allows;
    }
}
