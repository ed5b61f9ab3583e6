package io.carbonmlops.mlflow.gate;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.EntryKind;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.mlflow.gate.lineage.CarbonEntry;
import io.carbonmlops.mlflow.gate.lineage.CountedRun;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A decision as a {@code gate-decision} ledger entry: what was decided, on which version (its identity), under which
 * rule, from which entries, against which ledger head. The figure is {@code judged_co2e_kg}, not {@code co2e_kg}, so
 * that no total over the ledger's indexed {@code co2e_kg} column counts a decision as emissions.
 */
public final class DecisionEntries {
    /** Entry ids and runs listed at most; the counts say how many there were. */
    static final int MAX_LISTED = 1000;
    /** Explanations longer than this are cut, like MLflow's tag limit. */
    static final int MAX_EXPLANATION_CHARS = 5000;

    private DecisionEntries() {}

    public static LedgerEntry of(GateDecision decision) {
        Attribution attribution = Attribution.none().withModelName(decision.model());
        if (decision.sourceRunId().isPresent()) {
            attribution = attribution.with(Attribution.MLFLOW_RUN_ID, decision.sourceRunId().get());
        }
        return LedgerEntry.create(EntryKind.GATE_DECISION, decision.decidedAt(), Instant.now(), attribution,
                body(decision));
    }

    static JsonObject body(GateDecision decision) {
        JsonObject body = new JsonObject();
        body.addProperty("model", decision.model());
        body.addProperty("version", decision.version());
        JsonObject target = new JsonObject();
        target.addProperty("kind", decision.target().kind().name().toLowerCase(Locale.ROOT));
        target.addProperty("name", decision.target().name());
        body.add("target", target);
        body.addProperty("allowed", decision.allowed());
        body.addProperty("verdict", decision.verdict().name());
        decision.identity().ifPresent(identity -> {
            JsonObject id = new JsonObject();
            id.addProperty("run_id", identity.runId().orElse(null));
            id.addProperty("created_at", LedgerEntry.formatInstant(identity.createdAt()));
            body.add("version_identity", id);
        });
        body.addProperty("policy", decision.policySource());
        decision.rule().ifPresent(rule -> {
            body.addProperty("rule", rule.describe());
            body.addProperty("budget_kg", rule.budgetKg());
            rule.signedBy().ifPresent(name -> body.addProperty("signed_by", name));
        });
        decision.co2eKg().ifPresent(kg -> body.addProperty("judged_co2e_kg", kg));
        List<CarbonEntry> entries = decision.runs().stream().flatMap(run -> run.entries().stream()).toList();
        JsonArray entryIds = new JsonArray();
        entries.stream().limit(MAX_LISTED).forEach(entry -> entryIds.add(entry.entryId().toString()));
        body.add("counted_entries", entryIds);
        body.addProperty("counted_entry_count", entries.size());
        JsonArray runs = new JsonArray();
        for (CountedRun run : decision.runs().stream().limit(MAX_LISTED).toList()) {
            JsonObject counted = new JsonObject();
            counted.addProperty("run", run.runId());
            counted.addProperty("relation", run.relation().name().toLowerCase(Locale.ROOT));
            run.co2eKg().ifPresent(kg -> counted.addProperty("co2e_kg_sum", kg));
            runs.add(counted);
        }
        body.add("runs", runs);
        body.addProperty("run_count", decision.runs().size());
        JsonArray monthly = new JsonArray();
        decision.monthlyChecks().forEach(check -> {
            JsonObject m = new JsonObject();
            m.addProperty("budget", check.budget().label());
            m.addProperty("month", check.month().toString());
            m.addProperty("used_kg", check.usedKg());
            m.addProperty("budget_kg", check.budget().budgetKg());
            m.addProperty("exceeded", check.exceeded());
            monthly.add(m);
        });
        body.add("monthly_budgets", monthly);
        decision.exception().ifPresent(waiver -> body.addProperty("exception", waiver.describe()));
        decision.ledgerHead().ifPresent(head -> body.addProperty("ledger_head", head));
        body.addProperty("summary", decision.summary());
        String explanation = decision.explanation();
        body.addProperty("explanation", explanation.length() <= MAX_EXPLANATION_CHARS ? explanation
                : explanation.substring(0, MAX_EXPLANATION_CHARS - 1) + "…");
        return body;
    }
}
