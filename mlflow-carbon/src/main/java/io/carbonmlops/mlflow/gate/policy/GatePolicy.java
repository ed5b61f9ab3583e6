package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.mlflow.gate.GateTarget;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, validated carbon-gate policy. Load with {@link PolicyLoader}; the format is documented in docs/gate.md.
 *
 * @param source         file the policy came from
 * @param missingCarbon  what to do with a version none of whose counted runs has a trusted ledger entry
 * @param unmatched      what to do with a promotion no rule covers
 * @param maxLineageRuns most runs a lineage may have; beyond it the gate refuses rather than guess
 * @param trust          the signers whose ledger entries count, by name ({@code trust:})
 * @param ledger         the ledger location the policy names ({@code ledger:}); a command-line option overrides it
 * @param rules          budgets, first match wins
 * @param monthlyBudgets team/project budgets per calendar month
 * @param waivers        approved exceptions
 */
public record GatePolicy(String source, Outcome missingCarbon, Outcome unmatched, int maxLineageRuns,
        TrustList trust, Optional<String> ledger, List<BudgetRule> rules, List<MonthlyBudget> monthlyBudgets,
        List<Waiver> waivers) {

    public static final int DEFAULT_MAX_LINEAGE_RUNS = 1000;

    /** Allow or deny, for the policy's defaults. */
    public enum Outcome { ALLOW, DENY }

    public GatePolicy {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(missingCarbon, "missingCarbon");
        Objects.requireNonNull(unmatched, "unmatched");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(ledger, "ledger");
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

    /**
     * Why renaming a registered model from {@code currentName} to {@code newName} would change what governs its
     * promotions, or empty when both names are governed alike. Otherwise a model could be renamed to a name no rule
     * covers, promoted there, and renamed back. For every target a rule names exactly, the first matching rule must be
     * the same for both names, "no rule" counting as a rule of its own; a rule whose target is a glob must match both
     * names or neither, since the targets it covers cannot be listed. Exceptions name one model exactly, so a rename
     * may not move a model onto or off a name that has one.
     */
    public Optional<String> renameConflict(String currentName, String newName) {
        for (BudgetRule rule : rules) {
            Optional<String> conflict = rule.target().name().isExact()
                    ? firstMatchDiffers(rule.target(), currentName, newName)
                    : coverageDiffers(rule, currentName, newName);
            if (conflict.isPresent()) {
                return conflict;
            }
        }
        return waivers.stream()
                .filter(waiver -> waiver.model().equals(currentName) != waiver.model().equals(newName))
                .findFirst()
                .map(waiver -> "an exception (" + waiver.source() + ") is approved for '" + waiver.model()
                        + "' only");
    }

    private Optional<String> firstMatchDiffers(TargetPattern named, String currentName, String newName) {
        GateTarget target = new GateTarget(named.kind(), named.name().glob());
        Optional<BudgetRule> current = ruleFor(currentName, target);
        Optional<BudgetRule> renamed = ruleFor(newName, target);
        if (current.map(BudgetRule::index).equals(renamed.map(BudgetRule::index))) {
            return Optional.empty();
        }
        return Optional.of("for " + target + ", '" + currentName + "' is governed by " + describe(current) + " but '"
                + newName + "' by " + describe(renamed));
    }

    private static Optional<String> coverageDiffers(BudgetRule rule, String currentName, String newName) {
        boolean coversCurrent = rule.model().matches(currentName);
        if (coversCurrent == rule.model().matches(newName)) {
            return Optional.empty();
        }
        return Optional.of(rule.describe() + " covers '" + (coversCurrent ? currentName : newName) + "' but not '"
                + (coversCurrent ? newName : currentName) + "'");
    }

    private static String describe(Optional<BudgetRule> rule) {
        return rule.map(BudgetRule::describe).orElse("no rule");
    }

    /** Every exception naming this model, version number and target, valid or expired, matching its identity or not. */
    public List<Waiver> waiversNaming(String model, String version, GateTarget target) {
        return waivers.stream().filter(waiver -> waiver.names(model, version, target)).toList();
    }
}
