package io.carbonmlops.mlflow.gate;

import io.carbonmlops.mlflow.gate.api.RegistryApi;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code carbon.gate.*} tags that copy a decision onto its model version, so the registry shows why a version
 * was let through. They are a display copy: the decision itself is the signed {@code gate-decision} ledger entry
 * named by {@code carbon.gate.ledger_entry}, so deleting or editing these tags loses nothing. The latest decision
 * overwrites the previous one.
 */
public final class GateTags {
    public static final String PREFIX = "carbon.gate.";
    /** MLflow's limit on a model-version tag value. */
    private static final int MAX_VALUE_CHARS = 5000;

    private GateTags() {}

    /** The tags for a decision, in the order they are written. */
    public static Map<String, String> of(GateDecision decision) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(PREFIX + "decision", decision.allowed() ? "allowed" : "refused");
        tags.put(PREFIX + "verdict", decision.verdict().name());
        tags.put(PREFIX + "target", decision.target().toString());
        decision.co2eKg().ifPresent(kg -> tags.put(PREFIX + "co2e_kg", exact(kg)));
        decision.rule().ifPresent(rule -> {
            tags.put(PREFIX + "budget_kg", exact(rule.budgetKg()));
            tags.put(PREFIX + "rule", rule.describe());
        });
        tags.put(PREFIX + "runs_counted", Integer.toString(decision.runs().size()));
        decision.inference().ifPresent(check -> check.gPer1k().ifPresent(g -> tags.put(PREFIX + "inference_g_per_1k",
                exact(g))));
        decision.exception().ifPresent(waiver -> tags.put(PREFIX + "exception", waiver.describe()));
        tags.put(PREFIX + "decided_at", decision.decidedAt().toString());
        decision.recordedAs().ifPresent(id -> tags.put(PREFIX + "ledger_entry", id.toString()));
        decision.ledgerHead().ifPresent(head -> tags.put(PREFIX + "ledger_head", head));
        tags.put(PREFIX + "explanation", truncate(decision.explanation()));
        return tags;
    }

    static void record(RegistryApi api, GateDecision decision) {
        of(decision).forEach((key, value) -> api.setModelVersionTag(decision.model(), decision.version(), key,
                truncate(value)));
    }

    /** The figure as it is, in plain notation: 6 fixed decimals read 5 mg as 0.000005 and 5 µg as 0.000000. */
    static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String truncate(String value) {
        return value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS - 1) + "…";
    }
}
