package io.carbonmlops.mlflow.gate;

import io.carbonmlops.meter.report.Figures;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.policy.BudgetRule;
import io.carbonmlops.mlflow.gate.policy.CarbonScope;
import io.carbonmlops.mlflow.gate.policy.Waiver;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * The gate's answer for promoting one model version to one target, with everything needed to explain it.
 *
 * @param verdict       why; {@link Verdict#allows()} says whether the promotion may happen
 * @param policySource  the policy file that decided
 * @param identity      the version's identity (what an exception binds to); empty when it does not exist
 * @param sourceRunId   the run the version was created from, if any
 * @param rule          the budget rule that matched, if any
 * @param co2eKg        the figure judged against the rule: the sum of the counted trusted ledger entries
 * @param runs          the runs counted, with their entries
 * @param monthlyChecks monthly budgets that applied
 * @param exception     the approved exception that allowed an otherwise refused promotion
 * @param notes         further facts shown in the explanation (expired exceptions, entries not counted, …)
 * @param ledgerHead    {@code SEQ:HASH} of the ledger's last entry when the gate read it: an anchor for audits
 * @param recordedAs    the id of the gate-decision ledger entry that records this decision, once recorded
 */
public record GateDecision(String model, String version, GateTarget target, Verdict verdict, String policySource,
        Optional<VersionIdentity> identity, Optional<String> sourceRunId, Optional<BudgetRule> rule,
        OptionalDouble co2eKg, List<CountedRun> runs, List<MonthlyCheck> monthlyChecks, Optional<Waiver> exception,
        List<String> notes, Instant decidedAt, Optional<String> ledgerHead, Optional<UUID> recordedAs) {

    public GateDecision {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(policySource, "policySource");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(sourceRunId, "sourceRunId");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(co2eKg, "co2eKg");
        runs = List.copyOf(runs);
        monthlyChecks = List.copyOf(monthlyChecks);
        Objects.requireNonNull(exception, "exception");
        notes = List.copyOf(notes);
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(ledgerHead, "ledgerHead");
        Objects.requireNonNull(recordedAs, "recordedAs");
    }

    /** This decision, recorded in the ledger as entry {@code entryId}. */
    public GateDecision recordedAs(UUID entryId) {
        return new GateDecision(model, version, target, verdict, policySource, identity, sourceRunId, rule, co2eKg,
                runs, monthlyChecks, exception, notes, decidedAt, ledgerHead, Optional.of(entryId));
    }

    public boolean allowed() {
        return verdict.allows();
    }

    /** One line, as the MLflow UI shows it when the proxy refuses. */
    public String summary() {
        String subject = "'" + model + "' version " + version + " to " + target;
        String outcome = allowed() ? "Carbon gate allowed " : "Carbon gate refused ";
        String why = switch (verdict) {
            case WITHIN_BUDGET -> figureAgainstBudget() + " is within budget";
            case OVER_BUDGET -> figureAgainstBudget() + " exceeds the budget";
            case MONTHLY_BUDGET_EXCEEDED -> monthlyChecks.stream().filter(MonthlyCheck::exceeded).findFirst()
                    .map(check -> {
                        String[] usedAndBudget = Figures.massAgainst(check.usedKg(), check.budget().budgetKg());
                        return String.format(Locale.ROOT, "%s used %s CO2e in %s, over its monthly budget of %s",
                                check.budget().label(), usedAndBudget[0], check.month(), usedAndBudget[1]);
                    })
                    .orElse("a monthly budget is exceeded");
            case NO_CARBON_RECORD -> "no carbon record (no ledger entry signed by "
                    + rule.flatMap(BudgetRule::signedBy).map(name -> "'" + name + "'").orElse("a trusted key")
                    + ") for " + (runs.isEmpty() ? "a version without a source run" : "the counted runs");
            case NO_CARBON_RECORD_ALLOWED -> "no carbon record, which this policy allows";
            case NO_RULE_ALLOWED -> "no budget rule covers it";
            case NO_RULE_DENIED -> "no budget rule covers it and the policy denies unmatched promotions";
            case EXCEPTION_APPLIED -> "exception approved by " + exception.map(Waiver::approver).orElse("?")
                    + " until " + exception.map(w -> w.expires().toString()).orElse("?");
            case LINEAGE_UNRESOLVED -> "its lineage could not be determined: " + String.join("; ", notes);
            case VERSION_NOT_FOUND -> "the model version does not exist";
            case NOT_GATED -> "prompt versions (which carry no model) are not gated";
        };
        return outcome + subject + ": " + why + ruleSuffix() + ".";
    }

    /** Several lines: verdict, rule, figure, every counted run with its figure, monthly budgets, exception, notes. */
    public String explanation() {
        StringBuilder text = new StringBuilder(summary()).append('\n');
        text.append("policy: ").append(policySource).append('\n');
        rule.ifPresentOrElse(r -> text.append("rule: ").append(r.describe())
                        .append(String.format(Locale.ROOT, ", budget %s, counts %s", Figures.co2e(r.budgetKg()),
                                r.scope() == CarbonScope.RUN ? "the source run" : "the lineage"))
                        .append(r.signedBy().map(name -> ", entries signed by '" + name + "'").orElse(""))
                        .append('\n'),
                () -> text.append("rule: none matched\n"));
        identity.ifPresent(id -> text.append("version identity: ").append(id.describe()).append('\n'));
        sourceRunId.ifPresent(id -> text.append("source run: ").append(id).append('\n'));
        if (co2eKg.isPresent()) {
            text.append(String.format(Locale.ROOT, "figure: %s from %d run(s) with a trusted ledger record, %d counted%n",
                    Figures.co2e(co2eKg.getAsDouble()), runs.stream().filter(r -> r.co2eKg().isPresent()).count(),
                    runs.size()));
        }
        for (CountedRun run : runs) {
            text.append("  run ").append(run.describe()).append('\n');
        }
        for (MonthlyCheck check : monthlyChecks) {
            text.append(check.describe()).append('\n');
        }
        exception.ifPresent(w -> text.append(w.describe()).append('\n'));
        for (String note : notes) {
            text.append("note: ").append(note).append('\n');
        }
        ledgerHead.ifPresent(head -> text.append("ledger head: ").append(head).append('\n'));
        recordedAs.ifPresent(id -> text.append("recorded in the ledger as entry ").append(id).append('\n'));
        return text.toString();
    }

    /** "source run 1.2 g CO2e (budget 1 g)": one unit for both, with the digits to tell them apart. */
    private String figureAgainstBudget() {
        String figure = "no figure";
        String budget = "";
        if (co2eKg.isPresent() && rule.isPresent()) {
            String[] both = Figures.massAgainst(co2eKg.getAsDouble(), rule.get().budgetKg());
            figure = both[0] + " CO2e";
            budget = " (budget " + both[1] + ")";
        } else if (co2eKg.isPresent()) {
            figure = Figures.co2e(co2eKg.getAsDouble());
        } else if (rule.isPresent()) {
            budget = " (budget " + Figures.mass(rule.get().budgetKg()) + ")";
        }
        String scope = rule.map(r -> r.scope() == CarbonScope.RUN ? "source run " : "lineage of " + runs.size()
                + " run(s) ").orElse("");
        return scope + figure + budget;
    }

    private String ruleSuffix() {
        return rule.map(r -> "; " + r.describe()).orElse("");
    }
}
