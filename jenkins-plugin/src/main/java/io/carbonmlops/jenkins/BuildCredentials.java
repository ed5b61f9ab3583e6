package io.carbonmlops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.AbortException;
import hudson.model.Run;
import io.carbonmlops.jenkins.tracking.MlflowAccess;
import java.util.Map;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Resolves the configured credential ids for one build (folder credentials and the build's authentication apply),
 * records their use, and hands out plain values only for the duration of the step.
 */
final class BuildCredentials {
    private BuildCredentials() {}

    static MlflowAccess mlflow(CarbonGlobalConfiguration config, Run<?, ?> run) throws AbortException {
        String uri = config.getMlflowTrackingUri();
        if (uri == null) {
            throw new AbortException("carbon-mlops: no MLflow tracking URI is configured; set it in Manage Jenkins → System"
                    + " → carbon-mlops (or unclassified.carbonMlops.mlflowTrackingUri in JCasC)");
        }
        String id = config.getMlflowCredentialsId();
        if (id == null) {
            return MlflowAccess.anonymous(uri);
        }
        StandardCredentials credentials = find(id, run, "MLflow");
        if (credentials instanceof StandardUsernamePasswordCredentials userPass) {
            return new MlflowAccess(uri, userPass.getUsername(), userPass.getPassword().getPlainText(), null);
        }
        if (credentials instanceof StringCredentials token) {
            return new MlflowAccess(uri, null, null, token.getSecret().getPlainText());
        }
        throw wrongType(id, credentials);
    }

    /** Provider credentials in the variables the providers read; empty without a configured id. */
    static Map<String, String> intensityProviders(CarbonGlobalConfiguration config, Run<?, ?> run) throws AbortException {
        String id = config.getIntensityCredentialsId();
        if (id == null) {
            return Map.of();
        }
        StandardCredentials credentials = find(id, run, "intensity provider");
        if (credentials instanceof StringCredentials token) {
            return Map.of("CARBON_ELECTRICITYMAPS_TOKEN", token.getSecret().getPlainText());
        }
        if (credentials instanceof StandardUsernamePasswordCredentials userPass) {
            return Map.of("CARBON_WATTTIME_USERNAME", userPass.getUsername(),
                    "CARBON_WATTTIME_PASSWORD", userPass.getPassword().getPlainText());
        }
        throw wrongType(id, credentials);
    }

    private static StandardCredentials find(String id, Run<?, ?> run, String purpose) throws AbortException {
        StandardCredentials credentials = CredentialsProvider.findCredentialById(id, StandardCredentials.class, run);
        if (credentials == null) {
            throw new AbortException("carbon-mlops: the " + purpose + " credentials '" + id + "' were not found (or this"
                    + " build may not use them); check the id in Manage Jenkins → System → carbon-mlops");
        }
        CredentialsProvider.track(run, credentials);
        return credentials;
    }

    private static AbortException wrongType(String id, StandardCredentials credentials) {
        return new AbortException("carbon-mlops: credentials '" + id + "' are of type '"
                + credentials.getClass().getSimpleName() + "' where 'Username with password' or 'Secret text' was expected");
    }
}
