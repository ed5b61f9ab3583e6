package io.carbonmlops.jenkins;

import hudson.EnvVars;
import hudson.util.Secret;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.EnvironmentExpander;

/**
 * The variables {@code withCarbonTracking} gives its body. Sensitive values (MLflow password or token) are kept as
 * {@link Secret}s, so program.dat never holds them in plain text, and reported as sensitive, so Pipeline masks them.
 */
final class CarbonEnvironment extends EnvironmentExpander {
    private static final long serialVersionUID = 1L;

    private final Map<String, String> plain = new LinkedHashMap<>();
    private final Map<String, Secret> sensitive = new LinkedHashMap<>();

    CarbonEnvironment(Map<String, String> variables, Set<String> sensitiveNames) {
        variables.forEach((name, value) -> {
            if (sensitiveNames.contains(name)) {
                sensitive.put(name, Secret.fromString(value));
            } else {
                plain.put(name, value);
            }
        });
    }

    @Override
    public void expand(EnvVars env) {
        plain.forEach(env::override);
        sensitive.forEach((name, value) -> env.override(name, value.getPlainText()));
    }

    @Override
    public Set<String> getSensitiveVariables() {
        return Set.copyOf(sensitive.keySet());
    }
}
