package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.mlflow.gate.GateTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * A carbon budget for promoting versions of matching registered models to a matching target.
 *
 * @param index    1-based position in the policy's {@code rules} list; the first matching rule applies
 * @param model    registered model name or glob
 * @param target   stage or alias pattern
 * @param budgetKg most CO2e, in kg, the counted runs may have emitted
 * @param scope    which runs count
 * @param signedBy the trust-list name whose signature a counted entry must carry; empty: any trusted signer
 * @param source   where the rule was written
 */
public record BudgetRule(int index, NamePattern model, TargetPattern target, double budgetKg, CarbonScope scope,
        Optional<String> signedBy, PolicySource source) {

    public BudgetRule {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(signedBy, "signedBy");
        Objects.requireNonNull(source, "source");
        if (!(budgetKg >= 0) || Double.isInfinite(budgetKg)) {
            throw new IllegalArgumentException("budget must be a finite number of kg >= 0, was " + budgetKg);
        }
    }

    public boolean matches(String modelName, GateTarget gateTarget) {
        return model.matches(modelName) && target.matches(gateTarget);
    }

    /** {@code rule #1 (model 'fraud-*', stage Production, policy.yaml:7)}. */
    public String describe() {
        return "rule #" + index + " (model '" + model + "', " + target + ", " + source + ")";
    }
}
