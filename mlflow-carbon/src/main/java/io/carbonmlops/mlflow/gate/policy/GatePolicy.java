package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.mlflow.gate.GateTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated carbon-gate policy. Load with {@link PolicyLoader}; the format is documented in docs/gate.md.
 *
 * @param source         file the policy came from
 * @param missingCarbon  what to do with a version none of whose counted runs has a carbon record
 * @param unmatched      what to do with a promotion no rule covers
 * @param pipelineTag    run tag that groups the runs of one pipeline, for {@link CarbonScope#LINEAGE}
 * @param maxLineageRuns most runs a lineage may have; beyond it the gate refuses rather than guess
 * @param rules          budgets, first match wins
 * @param monthlyBudgets team/project budgets per calendar month
 * @param waivers        approved exceptions
 */
public record GatePolicy(String source, Outcome missingCarbon, Outcome unmatched, String pipelineTag,
        int maxLineageRuns, List<BudgetRule> rules, List<MonthlyBudget> monthlyBudgets, List<Waiver> waivers) {

    public static final String DEFAULT_PIPELINE_TAG = "carbon.pipeline_id";
    public static final int DEFAULT_MAX_LINEAGE_RUNS = 1000;

    /** Allow or deny, for the policy's defaults. */
    public enum Outcome { ALLOW, DENY }

    public GatePolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(missingCarbon, "missingCarbon");
        Objects.requireNonNull(unmatched, "unmatched");
        Objects.requireNonNull(pipelineTag, "pipelineTag");
        rules = List.copyOf(rules);
        monthlyBudgets = List.copyOf(monthlyBudgets);
        waivers = List.copyOf(waivers);
        if (maxLineageRuns < 1) {
            throw new IllegalArgumentException("maxLineageRuns must be >= 1, was " + maxLineageRuns);
        }
    }

    /** The first rule covering the model and target, in file order. */
    public Optional<BudgetRule> ruleFor(String model, GateTarget target) {
        return rules.stream().filter(rule -> rule.matches(model, target)).findFirst();
    }

    /** Every exception naming this model version and target, valid or expired; the caller checks expiry. */
    public List<Waiver> waiversFor(String model, String version, GateTarget target) {
        return waivers.stream().filter(waiver -> waiver.covers(model, version, target)).toList();
    }
}
