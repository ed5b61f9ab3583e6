package io.carbonmlops.jenkins.carbon;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateLedgers;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@code carbonGate} does, free of Jenkins: judge a promotion under the configured policy, promote if asked. */
public final class GateCheck {
    /** How errors and explanations name the policy kept in the global configuration. */
    public static final String POLICY_LABEL = "Jenkins global configuration (carbon-mlops gate policy)";

    private GateCheck() {}

    /**
     * Where the gate reads entries and records its decisions, as the controller configures it.
     *
     * @param ledger         the ledger the plugin appends to (global configuration); empty: the policy's {@code ledger:}
     * @param spoolBase      where decision entries wait while the ledger is unreachable (the controller's spool)
     * @param measurementKey the key the controller signs measurement entries with, if any: the policy must trust it
     * @param gateKey        the separate key that signs gate-decision entries; empty: a check records nothing and a
     *                       promotion is refused
     */
    public record GateLedger(Optional<LedgerConfig> ledger, Path spoolBase, Optional<SigningKey> measurementKey,
            Optional<SigningKey> gateKey) {
        public GateLedger {
            if (gateKey.isPresent() && measurementKey.isPresent()
                    && gateKey.get().keyId().equals(measurementKey.get().keyId())) {
                throw new IllegalArgumentException("the gate signing key is the ledger's measurement key; give the"
                        + " gate its own key, so a decision can never pass for a measurement's signer");
            }
        }
    }

    /**
     * Judges the promotion on the verified, trusted entries of the ledger (the global configuration's, else the
     * policy's {@code ledger:}); with a gate key every decision is appended as a signed {@code gate-decision} entry.
     *
     * @param policyYaml the configured policy
     * @param promote    perform the transition (or alias) when allowed; otherwise only decide
     * @throws IllegalStateException when no policy or no ledger is configured, or promoting without a gate key
     * @throws io.carbonmlops.mlflow.client.MlflowException when MLflow cannot answer (nothing is decided)
     * @throws io.carbonmlops.ledger.LedgerException when the ledger cannot be read (nothing is decided)
     */
    public static GateDecision run(MlflowAccess access, String policyYaml, GateLedger ledgerSettings, String model,
            String version, GateTarget target, boolean promote) {
        if (policyYaml == null || policyYaml.isBlank()) {
            throw new IllegalStateException("carbonGate: no gate policy is configured; add one in Manage Jenkins → System"
                    + " → carbon-mlops → Gate policy (YAML, see docs/jenkins.md)");
        }
        GatePolicy policy = PolicyLoader.parse(policyYaml, POLICY_LABEL);
        if (promote && ledgerSettings.gateKey().isEmpty()) {
            throw new IllegalStateException("carbonGate: promoting records a signed decision in the ledger, and no gate"
                    + " signing key is configured; choose a System-scoped secret file under Manage Jenkins → System"
                    + " → carbon-mlops → Gate signing key");
        }
        try (CarbonLedger ledger = GateLedgers.open(config(policy, ledgerSettings), ledgerSettings.gateKey());
                MlflowClient client = new MlflowClient(access.config())) {
            RegistryGate gate = new RegistryGate(new RestRegistryApi(client), policy, ledger, Clock.systemUTC());
            if (promote) {
                return gate.promote(model, version, target, false);
            }
            return gate.canRecord() ? gate.decideAndRecord(model, version, target) : gate.decide(model, version, target);
        }
    }

    /**
     * A warning when the policy does not trust the key this controller signs measurements with: the gate would then
     * find no carbon record for any block tracked here.
     */
    public static Optional<String> untrustedMeasurementKey(String policyYaml, Optional<SigningKey> measurementKey) {
        if (measurementKey.isEmpty() || policyYaml == null || policyYaml.isBlank()) {
            return Optional.empty();
        }
        SigningKey key = measurementKey.get();
        GatePolicy policy = PolicyLoader.parse(policyYaml, POLICY_LABEL);
        if (policy.trust().byKeyId(key.keyId()).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the gate policy's trust: list lacks the key this controller signs ledger entries with,"
                + " so no block tracked here counts; add '- name: jenkins' with 'public_key: "
                + PublicKeys.toBase64(key.publicKey()) + "'");
    }

    private static LedgerConfig config(GatePolicy policy, GateLedger settings) {
        if (settings.ledger().isPresent()) {
            return settings.ledger().get();
        }
        if (policy.ledger().isEmpty()) {
            throw new IllegalStateException("carbonGate judges the carbon ledger, and none is configured: set the"
                    + " ledger location in Manage Jenkins → System → carbon-mlops, or name one in the policy (ledger:)");
        }
        return GateLedgers.config(policy, Optional.empty(), Map.of()).withSpoolBase(settings.spoolBase());
    }

    /** The decision as the step returns it to the Pipeline. */
    public static Map<String, Object> describe(GateDecision decision) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("allowed", decision.allowed());
        map.put("verdict", decision.verdict().name());
        map.put("summary", decision.summary());
        map.put("explanation", decision.explanation());
        decision.co2eKg().ifPresent(kg -> map.put("co2eKg", kg));
        return map;
    }
}
