package io.carbonmlops.jenkins.carbon;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateLedgers;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
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
     * The gate judges signed ledger entries. Bridge until the plugin configures it: the ledger is the policy's
     * {@code ledger:}, else the controller's {@code CARBON_LEDGER}; decisions are signed with the key file named by
     * the controller's {@code CARBON_GATE_KEY} (required to promote; a check without it records nothing).
     *
     * @param policyYaml the configured policy
     * @param promote    perform the transition (or alias) when allowed; otherwise only decide
     * @throws IllegalStateException when no policy is configured, or promoting without a gate key
     * @throws io.carbonmlops.mlflow.client.MlflowException when MLflow cannot answer (nothing is decided)
     * @throws io.carbonmlops.ledger.LedgerException when the ledger cannot be read (nothing is decided)
     */
    public static GateDecision run(MlflowAccess access, String policyYaml, String model, String version, GateTarget target,
            boolean promote) {
        if (policyYaml == null || policyYaml.isBlank()) {
            throw new IllegalStateException("carbonGate: no gate policy is configured; add one in Manage Jenkins → System"
                    + " → carbon-mlops → Gate policy (YAML, see docs/jenkins.md)");
        }
        GatePolicy policy = PolicyLoader.parse(policyYaml, POLICY_LABEL);
        Map<String, String> controllerEnv = System.getenv();
        Optional<SigningKey> gateKey = GateLedgers.gateKey(Optional.empty(), controllerEnv);
        try (CarbonLedger ledger = GateLedgers.open(GateLedgers.config(policy, Optional.empty(), controllerEnv), gateKey);
                MlflowClient client = new MlflowClient(access.config())) {
            RegistryGate gate = new RegistryGate(new RestRegistryApi(client), policy, ledger, Clock.systemUTC());
            if (promote) {
                return gate.promote(model, version, target, false);
            }
            return gate.canRecord() ? gate.decideAndRecord(model, version, target) : gate.decide(model, version, target);
        }
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
