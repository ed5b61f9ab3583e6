package io.carbonmlops.mlflow.gate;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.mlflow.client.MlflowApiException;
import io.carbonmlops.mlflow.gate.api.ModelVersionRecord;
import io.carbonmlops.mlflow.gate.api.RegistryApi;
import io.carbonmlops.mlflow.gate.lineage.CarbonEntry;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import io.carbonmlops.mlflow.gate.lineage.LedgerLineage;
import io.carbonmlops.mlflow.gate.lineage.Lineage;
import io.carbonmlops.mlflow.gate.lineage.RunRelation;
import io.carbonmlops.mlflow.gate.lineage.TrustedEntries;
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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a model version may be promoted to a stage or alias under a {@link GatePolicy}, and performs and
 * records allowed promotions. This is the one decision used by the command line, the gatekeeper proxy and the
 * Jenkins plugin.
 *
 * <p>The figure, the lineage and the team or project of a version come only from ledger entries that are intact and
 * signed by a key of the policy's trust list ({@link TrustedEntries}); MLflow metrics and tags are never read. From
 * MLflow the gate reads only what MLflow fixes when a version is created: its run, source URI, logged model and
 * creation time ({@link SourceRuns}, {@link VersionIdentity}). Every recorded decision, allowed or refused, is
 * appended to the ledger as a signed {@code gate-decision} entry ({@link DecisionEntries}) with the ledger's signing
 * key (the gate key). Thread-safe when its {@link RegistryApi} is.
 */
public final class RegistryGate {
    /** Registered-model tag MLflow sets on prompts, which share the alias endpoint but are not models. */
    public static final String PROMPT_TAG = "mlflow.prompt.is_prompt";
    /**
     * The {@code source} placeholders MLflow gives prompt versions ("required field, unused for prompts"): the store's
     * and the client's and UI's. MLflow 3 refuses any other source for a prompt version.
     */
    public static final Set<String> PROMPT_SOURCES = Set.of("prompt-template", "dummy-source");

    private final RegistryApi api;
    private final GatePolicy policy;
    private final CarbonLedger ledger;
    private final Clock clock;

    /**
     * @param ledger the ledger the gate reads, opened with the gate key ({@link CarbonLedger#open(
     *               io.carbonmlops.ledger.LedgerConfig, io.carbonmlops.ledger.keys.SigningKey)}) when decisions are
     *               to be recorded; the caller closes it
     */
    public RegistryGate(RegistryApi api, GatePolicy policy, CarbonLedger ledger, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same gate reading MLflow through another client (e.g. with the caller's credentials). */
    public RegistryGate withApi(RegistryApi otherApi) {
        return new RegistryGate(otherApi, policy, ledger, clock);
    }

    public GatePolicy policy() {
        return policy;
    }

    public CarbonLedger ledger() {
        return ledger;
    }

    /** Whether the gate can sign decision entries (it was given a gate key). */
    public boolean canRecord() {
        return ledger.signingKey().isPresent();
    }

    /**
     * Decides without changing or recording anything.
     *
     * @throws io.carbonmlops.mlflow.client.MlflowException when MLflow cannot answer
     * @throws io.carbonmlops.ledger.LedgerException        when the ledger cannot be read (the caller must then
     *                                                      refuse: the gate fails closed)
     */
    public GateDecision decide(String model, String version, GateTarget target) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(target, "target");
        return new Deciding(model, version, target).decide();
    }

    /**
     * Decides and appends the decision to the ledger as a signed {@code gate-decision} entry, whether allowed or
     * refused; nothing else changes.
     *
     * @throws IllegalStateException when the gate has no key to sign with
     * @throws java.io.UncheckedIOException when neither the ledger nor its spool can take the entry
     */
    public GateDecision decideAndRecord(String model, String version, GateTarget target) {
        return recordInLedger(decide(model, version, target));
    }

    /**
     * Decides, records the decision in the ledger, and when allowed performs the stage transition or alias set and
     * copies the decision to the version's {@code carbon.gate.*} tags. A refused promotion changes nothing in MLflow.
     */
    public GateDecision promote(String model, String version, GateTarget target, boolean archiveExistingVersions) {
        GateDecision decision = decideAndRecord(model, version, target);
        if (decision.allowed()) {
            if (target.kind() == GateTarget.Kind.STAGE) {
                api.transitionStage(model, version, target.name(), archiveExistingVersions);
            } else {
                api.setAlias(model, target.name(), version);
            }
            writeTags(decision);
        }
        return decision;
    }

    /**
     * Appends a decision to the ledger, signed with the gate key (spooled when the ledger is unreachable, like any
     * entry). The returned decision knows its entry id.
     */
    public GateDecision recordInLedger(GateDecision decision) {
        if (!canRecord()) {
            throw new IllegalStateException("the gate has no signing key, so it cannot record its decision in the"
                    + " ledger: give --gate-key FILE or " + GateLedgers.GATE_KEY_ENV + " (carbon ledger keygen)");
        }
        var entry = DecisionEntries.of(decision);
        ledger.record(ledger.sign(entry));
        return decision.recordedAs(entry.entryId());
    }

    /** Copies a decision to its model version as {@code carbon.gate.*} tags (a display copy; the ledger keeps it). */
    public void writeTags(GateDecision decision) {
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
        private Optional<VersionIdentity> identity = Optional.empty();
        private Optional<String> sourceRunId = Optional.empty();
        private Optional<BudgetRule> rule = Optional.empty();
        private Lineage lineage = Lineage.empty();
        private final List<MonthlyCheck> monthlyChecks = new ArrayList<>();
        private Optional<String> head = Optional.empty();
        private Optional<String> monthlyProblem = Optional.empty();

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
            identity = Optional.of(new VersionIdentity(model, version, modelVersion.runId(), modelVersion.createdAt()));
            sourceRunId = modelVersion.runId();
            if (isPrompt(modelVersion)) {
                return finish(Verdict.NOT_GATED, Optional.empty());
            }
            head = ledger.head().map(entry -> entry.seq() + ":" + entry.entryHash());
            rule = policy.ruleFor(model, target);
            Map<String, String> sources = SourceRuns.of(modelVersion, api, notes);
            if (sources.isEmpty()) {
                notes.add("the version names no source run (no run_id, logged model or runs URI), so no carbon record"
                        + " can be found for it");
            }
            TrustedEntries reader = new TrustedEntries(ledger, policy.trust(), rule.flatMap(BudgetRule::signedBy));
            LedgerLineage resolver = new LedgerLineage(reader, policy.maxLineageRuns());
            boolean wholeLineage = rule.map(r -> r.scope() == CarbonScope.LINEAGE).orElse(false);
            lineage = wholeLineage ? resolver.resolve(sources.keySet()) : resolver.sourceOnly(sources.keySet());
            if (lineage.problem().isEmpty()) {
                invalidFigure(lineage).ifPresent(problem ->
                        lineage = new Lineage(lineage.runs(), Optional.of(problem), lineage.notes()));
            }
            notes.addAll(lineage.notes());
            lineage.problem().ifPresent(notes::add);
            long withoutRecord = lineage.runs().stream().filter(r -> r.co2eKg().isEmpty()).count();
            if (withoutRecord > 0 && lineage.co2eKg().isPresent()) {
                notes.add(withoutRecord + " counted run(s) have no trusted ledger entry with co2e_kg and add nothing");
            }
            for (MonthlyBudget budget : monthlyBudgetsOf(lineage)) {
                monthlyChecks.add(monthlyCheck(budget));
            }
            if (rule.isEmpty() && monthlyChecks.isEmpty()) {
                return withExceptions(policy.unmatched() == Outcome.ALLOW ? Verdict.NO_RULE_ALLOWED
                        : Verdict.NO_RULE_DENIED);
            }
            return withExceptions(verdict());
        }

        /**
         * A prompt version carries no model, so there is no training to count. Prompt status is judged from what
         * MLflow fixed when the version was created (its placeholder source, no run, no logged model) together with
         * the registered model's prompt tag; the tag alone, which anyone may set, exempts nothing.
         */
        private boolean isPrompt(ModelVersionRecord modelVersion) {
            boolean carriesNoModel = target.kind() == GateTarget.Kind.ALIAS && modelVersion.runId().isEmpty()
                    && modelVersion.modelId().isEmpty() && PROMPT_SOURCES.contains(modelVersion.source());
            return carriesNoModel && "true".equalsIgnoreCase(api.getRegisteredModelTags(model).get(PROMPT_TAG));
        }

        /** A negative figure would lower the sum, so the decision refuses instead of judging it. */
        private Optional<String> invalidFigure(Lineage counted) {
            return counted.entries().stream()
                    .filter(entry -> entry.co2eKg().isPresent() && !isValidKg(entry.co2eKg().getAsDouble()))
                    .findFirst()
                    .map(entry -> "ledger entry " + entry.entryId() + " of " + entry.countedAs() + " has co2e_kg = "
                            + entry.co2eKg().getAsDouble() + ", which is not a valid figure (a finite number of kg >= 0)");
        }

        private Verdict verdict() {
            if (lineage.problem().isPresent() || monthlyProblem.isPresent()) {
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
            for (Waiver waiver : policy.waiversNaming(model, version, target)) {
                if (!waiver.covers(identity.orElseThrow(), target)) {
                    notes.add("an exception (" + waiver.source() + ") names version " + version + " but another"
                            + " identity (run_id " + waiver.runId().orElse("none") + ", created_at "
                            + io.carbonmlops.ledger.LedgerEntry.formatInstant(waiver.createdAt())
                            + "): it was approved for a version since deleted or re-created, and does not apply");
                } else if (waiver.isValidOn(today) && valid.isEmpty()) {
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

        /** The budgets of the teams and projects the source runs' trusted entries are attributed to. */
        private List<MonthlyBudget> monthlyBudgetsOf(Lineage counted) {
            Set<String> labels = new LinkedHashSet<>();
            for (CountedRun run : counted.runs()) {
                if (run.relation() != RunRelation.SOURCE) {
                    continue;
                }
                for (CarbonEntry entry : run.entries()) {
                    entry.attribution().team().ifPresent(team -> labels.add("team=" + team));
                    entry.attribution().get("project").ifPresent(project -> labels.add("project=" + project));
                }
            }
            return policy.monthlyBudgets().stream().filter(budget -> labels.contains(budget.label())).toList();
        }

        private MonthlyCheck monthlyCheck(MonthlyBudget budget) {
            YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
            Instant from = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant to = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            EntryQuery query = EntryQuery.all().between(from, to);
            query = budget.dimension() == MonthlyBudget.Dimension.TEAM ? query.team(budget.value())
                    : query.project(budget.value());
            TrustedEntries reader = new TrustedEntries(ledger, policy.trust(), Optional.empty());
            double usedKg = 0;
            int count = 0;
            try {
                for (CarbonEntry entry : reader.find(query)) {
                    count++;
                    if (entry.co2eKg().isPresent() && isValidKg(entry.co2eKg().getAsDouble())) {
                        usedKg += entry.co2eKg().getAsDouble();
                    } else if (entry.co2eKg().isPresent()) {
                        notes.add("ledger entry " + entry.entryId() + " has co2e_kg = " + entry.co2eKg().getAsDouble()
                                + ", not counted toward " + budget.describe());
                    }
                }
            } catch (TrustedEntries.TooManyEntriesException e) {
                monthlyProblem = Optional.of(budget.describe() + ": " + e.getMessage());
                notes.add(monthlyProblem.get());
            }
            return new MonthlyCheck(budget, month, usedKg, count);
        }

        private GateDecision finish(Verdict verdict, Optional<Waiver> exception) {
            return new GateDecision(model, version, target, verdict, policy.source(), identity, sourceRunId, rule,
                    lineage.co2eKg(), lineage.runs(), monthlyChecks, exception, notes, now, head, Optional.empty());
        }
    }
}
