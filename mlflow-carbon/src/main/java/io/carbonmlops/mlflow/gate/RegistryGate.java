package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.api.RunRecord;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.Lineage;
import io.carbonmlops.mlflow.gate.lineage.LineageResolver;
import io.carbonmlops.mlflow.gate.policy.BudgetRule;
import io.carbonmlops.mlflow.gate.policy.CarbonScope;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import io.carbonmlops.mlflow.gate.policy.GatePolicy.Outcome;
import io.carbonmlops.mlflow.gate.policy.MonthlyBudget;
import io.carbonmlops.mlflow.gate.policy.Waiver;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Decides whether a model version may be promoted to a stage or alias under a {@link GatePolicy}, reading the
 * registry and runs through MLflow's REST API, and performs allowed promotions. This is the one decision used by the
 * command line, the gatekeeper proxy and the Jenkins plugin. Thread-safe when its {@link RegistryApi} is.
 */
public final class RegistryGate {
    /** The run metric holding a run's emissions in kg CO2e, as the MLflow logger writes it. */
    public static final String CO2E_METRIC = "carbon/co2e_kg";
    /** Registered-model tag MLflow sets on prompts, which share the alias endpoint but are not models. */
    public static final String PROMPT_TAG = "mlflow.prompt.is_prompt";

    private final RegistryApi api;
    private final GatePolicy policy;
    private final Clock clock;

    public RegistryGate(RegistryApi api, GatePolicy policy, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same gate reading MLflow through another client (e.g. with the caller's credentials). */
    public RegistryGate withApi(RegistryApi otherApi) {
        return new RegistryGate(otherApi, policy, clock);
    }

    public GatePolicy policy() {
        return policy;
    }

    /**
     * Decides without changing anything.
     *
     * @throws io.carbonmlops.mlflow.client.MlflowException when MLflow cannot answer (the caller must then refuse: the gate fails closed)
     */
    public GateDecision decide(String model, String version, GateTarget target) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(target, "target");
        return new Deciding(model, version, target).decide();
    }

    /**
     * Decides, and when allowed performs the stage transition or alias set and records the decision on the version
     * as {@code carbon.gate.*} tags. A refused promotion changes nothing.
     */
    public GateDecision promote(String model, String version, GateTarget target, boolean archiveExistingVersions) {
        GateDecision decision = decide(model, version, target);
        if (decision.allowed()) {
            if (target.kind() == GateTarget.Kind.STAGE) {
                api.transitionStage(model, version, target.name(), archiveExistingVersions);
            } else {
                api.setAlias(model, target.name(), version);
            }
            GateTags.record(api, decision);
        }
        return decision;
    }

    /** Records a decision on its model version as {@code carbon.gate.*} tags. */
    public void record(GateDecision decision) {
        GateTags.record(api, decision);
    }

    /**
     * Why renaming registered model {@code currentName} to {@code newName} is refused, or empty when the policy
     * governs both names by the same rules ({@link GatePolicy#renameConflict}). Reads nothing from MLflow.
     */
    public Optional<String> renameRefusal(String currentName, String newName) {
        Objects.requireNonNull(currentName, "currentName");
        Objects.requireNonNull(newName, "newName");
        return policy.renameConflict(currentName, newName).map(why -> "Carbon gate refused renaming registered model '"
                + currentName + "' to '" + newName + "': " + why + ". A model may only be renamed between names the"
                + " same policy rules govern; otherwise it could be promoted under the other name's rules and renamed"
                + " back.");
    }

    private static boolean isValidKg(double kg) {
        return Double.isFinite(kg) && kg >= 0;
    }

    /** One decision in progress; collects what the explanation will show. */
    private final class Deciding {
        private final String model;
        private final String version;
        private final GateTarget target;
        private final Instant now = clock.instant();
        private final List<String> notes = new ArrayList<>();
        private Optional<String> sourceRunId = Optional.empty();
        private Optional<BudgetRule> rule = Optional.empty();
        private Lineage lineage = new Lineage(List.of(), Optional.empty(), List.of());
        private final List<MonthlyCheck> monthlyChecks = new ArrayList<>();

        Deciding(String model, String version, GateTarget target) {
            this.model = model;
            this.version = version;
            this.target = target;
        }

        GateDecision decide() {
            ModelVersionRecord modelVersion;
            try {
                modelVersion = api.getModelVersion(model, version);
            } catch (MlflowApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                return finish(Verdict.VERSION_NOT_FOUND, Optional.empty());
            }
            if (target.kind() == GateTarget.Kind.ALIAS
                    && "true".equalsIgnoreCase(api.getRegisteredModelTags(model).get(PROMPT_TAG))) {
                return finish(Verdict.NOT_GATED, Optional.empty());
            }
            rule = policy.ruleFor(model, target);
            sourceRunId = modelVersion.runId();
            Optional<RunRecord> source = sourceRun();
            List<MonthlyBudget> monthly = source.map(this::monthlyBudgetsOf).orElse(List.of());
            if (rule.isEmpty() && monthly.isEmpty()) {
                source.ifPresent(run -> lineage = resolver().sourceOnly(run));
                return withExceptions(policy.unmatched() == Outcome.ALLOW ? Verdict.NO_RULE_ALLOWED
                        : Verdict.NO_RULE_DENIED);
            }
            if (source.isPresent()) {
                boolean wholeLineage = rule.map(r -> r.scope() == CarbonScope.LINEAGE).orElse(false);
                lineage = wholeLineage ? resolver().resolve(source.get()) : resolver().sourceOnly(source.get());
                if (lineage.problem().isEmpty()) {
                    invalidFigure(lineage).ifPresent(problem ->
                            lineage = new Lineage(lineage.runs(), Optional.of(problem), lineage.notes()));
                }
                notes.addAll(lineage.notes());
                lineage.problem().ifPresent(notes::add);
                long withoutRecord = lineage.runs().stream().filter(r -> r.co2eKg().isEmpty()).count();
                if (withoutRecord > 0 && lineage.co2eKg().isPresent()) {
                    notes.add(withoutRecord + " counted run(s) have no " + CO2E_METRIC + " and add nothing");
                }
                monthly.forEach(budget -> monthlyChecks.add(monthlyCheck(budget)));
            }
            return withExceptions(verdict());
        }

        /**
         * A counted figure that is negative or not a number would lower the sum, or make every comparison false, so
         * the decision refuses instead of judging it.
         */
        private Optional<String> invalidFigure(Lineage counted) {
            return counted.runs().stream()
                    .filter(run -> run.co2eKg().isPresent() && !isValidKg(run.co2eKg().getAsDouble()))
                    .findFirst()
                    .map(run -> "run " + run.runId() + " has " + CO2E_METRIC + " = " + run.co2eKg().getAsDouble()
                            + ", which is not a valid figure (a finite number of kg >= 0)");
        }

        private Verdict verdict() {
            if (lineage.problem().isPresent()) {
                return Verdict.LINEAGE_UNRESOLVED;
            }
            boolean recordMissing = lineage.co2eKg().isEmpty();
            if (rule.isPresent() && recordMissing && policy.missingCarbon() == Outcome.DENY) {
                return Verdict.NO_CARBON_RECORD;
            }
            if (rule.isPresent() && !recordMissing && lineage.co2eKg().getAsDouble() > rule.get().budgetKg()) {
                return Verdict.OVER_BUDGET;
            }
            if (monthlyChecks.stream().anyMatch(MonthlyCheck::exceeded)) {
                return Verdict.MONTHLY_BUDGET_EXCEEDED;
            }
            if (rule.isEmpty()) {
                return policy.unmatched() == Outcome.ALLOW ? Verdict.NO_RULE_ALLOWED : Verdict.NO_RULE_DENIED;
            }
            return recordMissing ? Verdict.NO_CARBON_RECORD_ALLOWED : Verdict.WITHIN_BUDGET;
        }

        private GateDecision withExceptions(Verdict verdict) {
            if (verdict.allows()) {
                return finish(verdict, Optional.empty());
            }
            LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
            Optional<Waiver> valid = Optional.empty();
            for (Waiver waiver : policy.waiversFor(model, version, target)) {
                if (waiver.isValidOn(today) && valid.isEmpty()) {
                    valid = Optional.of(waiver);
                } else if (!waiver.isValidOn(today)) {
                    notes.add("an exception expired on " + waiver.expires() + " and no longer applies ("
                            + waiver.source() + ")");
                }
            }
            if (valid.isEmpty()) {
                return finish(verdict, Optional.empty());
            }
            notes.add("without the exception: " + finish(verdict, Optional.empty()).summary());
            return finish(Verdict.EXCEPTION_APPLIED, valid);
        }

        private Optional<RunRecord> sourceRun() {
            if (sourceRunId.isEmpty()) {
                notes.add("the version was registered without a source run, so no run's carbon can be counted");
                return Optional.empty();
            }
            try {
                return Optional.of(api.getRun(sourceRunId.get()));
            } catch (MlflowApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                notes.add("source run " + sourceRunId.get() + " no longer exists");
                return Optional.empty();
            }
        }

        private List<MonthlyBudget> monthlyBudgetsOf(RunRecord source) {
            return policy.monthlyBudgets().stream()
                    .filter(budget -> source.tag(budget.tag()).map(budget.value()::equals).orElse(false))
                    .toList();
        }

        private MonthlyCheck monthlyCheck(MonthlyBudget budget) {
            YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
            long fromMillis = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long toMillis = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            String filter = "tags.`" + budget.tag() + "` = '" + budget.value() + "' and attributes.start_time >= "
                    + fromMillis + " and attributes.start_time < " + toMillis;
            double[] usedKg = {0};
            int[] count = {0};
            // every page: a total that stopped at some run count would understate the month
            api.forEachRun(api.experimentIds(), filter, run -> {
                OptionalDouble co2e = run.metric(CO2E_METRIC);
                if (co2e.isPresent() && isValidKg(co2e.getAsDouble())) {
                    usedKg[0] += co2e.getAsDouble();
                } else if (co2e.isPresent()) {
                    notes.add("run " + run.runId() + " has " + CO2E_METRIC + " = " + co2e.getAsDouble()
                            + ", not counted toward " + budget.describe());
                }
                count[0]++;
            });
            return new MonthlyCheck(budget, month, usedKg[0], count[0]);
        }

        private LineageResolver resolver() {
            return new LineageResolver(api, CO2E_METRIC, policy.pipelineTag(), policy.maxLineageRuns());
        }

        private GateDecision finish(Verdict verdict, Optional<Waiver> exception) {
            List<CountedRun> runs = lineage.runs();
            return new GateDecision(model, version, target, verdict, policy.source(), sourceRunId, rule,
                    lineage.co2eKg(), runs, monthlyChecks, exception, notes, now);
        }
    }
}
