package io.carbonmlops.jenkins;

import hudson.AbortException;
import hudson.model.Run;
import java.util.HashMap;
import java.util.Map;

/**
 * What the intensity providers read, for one build: the configured provider credentials, and the endpoint overrides
 * ({@code CARBON_ELECTRICITYMAPS_URL}, {@code CARBON_WATTTIME_URL}, …) of the controller's own environment, for a
 * proxy or a self-hosted mirror. Builds cannot set either.
 */
final class ProviderEnvironment {
    private ProviderEnvironment() {}

    static Map<String, String> forBuild(CarbonGlobalConfiguration config, Run<?, ?> run) throws AbortException {
        Map<String, String> env = new HashMap<>();
        System.getenv().forEach((name, value) -> {
            if (name.startsWith("CARBON_") && name.endsWith("_URL")) {
                env.put(name, value);
            }
        });
        env.putAll(BuildCredentials.intensityProviders(config, run));
        return env;
    }
}
