package io.carbonmlops.jenkins.carbon;

import io.carbonmlops.jenkins.tracking.MlflowAccess;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What {@code carbonGate} does, free of Jenkins: judge a promotion under the configured policy, promote if asked. */
public final class GateCheck {
    /** How errors and explanations name the policy kept in the global configuration. */
    public static final String POLICY_LABEL = "Jenkins global configuration (carbon-mlops gate policy)";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private GateCheck() {}

    /**
     * @param policyYaml the configured policy
     * @param promote    perform the transition (or alias) when allowed; otherwise only decide
     * @throws IllegalStateException when no policy is configured
     * @throws IOException           when the MLflow client cannot be closed cleanly
     */
    public static GateDecision run(MlflowAccess access, String policyYaml, String model, String version, GateTarget target,
            boolean promote) throws IOException {
        if (policyYaml == null || policyYaml.isBlank()) {
            throw new IllegalStateException("carbonGate: no gate policy is configured; add one in Manage Jenkins → System"
                    + " → carbon-mlops → Gate policy (YAML, see docs/jenkins.md)");
        }
        GatePolicy policy = PolicyLoader.parse(policyYaml, POLICY_LABEL);
        try (RestRegistryApi api = RestRegistryApi.create(URI.create(access.trackingUri()), authorization(access), TIMEOUT)) {
            RegistryGate gate = new RegistryGate(api, policy, Clock.systemUTC());
            return promote ? gate.promote(model, version, target, false) : gate.decide(model, version, target);
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

    /** The {@code Authorization} header for MLflow, as its own clients derive it: bearer token, else basic. */
    public static Optional<String> authorization(MlflowAccess access) {
        if (access.token() != null) {
            return Optional.of("Bearer " + access.token());
        }
        if (access.username() != null) {
            String pair = access.username() + ":" + access.password();
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        return Optional.empty();
    }
}
