package io.carbonmlops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.carbonmlops.jenkins.carbon.ConfigChecks;
import io.carbonmlops.jenkins.tracking.CarbonDefaults;
import java.util.List;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins → System → carbon-mlops. JavaBean properties with {@code @DataBoundSetter}s, so the form and
 * JCasC ({@code unclassified: carbonMlops: …}) bind the same way. Secrets are only credential ids, resolved per
 * build by {@link BuildCredentials}.
 */
@Extension
@Symbol("carbonMlops")
public class CarbonGlobalConfiguration extends GlobalConfiguration {
    private String mlflowTrackingUri;
    private String mlflowCredentialsId;
    private String defaultExperiment;
    private String defaultZone;
    private double defaultPue = 1.0;
    private String intensityProviders;
    private String intensityCredentialsId;
    private String gatePolicy;

    public CarbonGlobalConfiguration() {
        load();
    }

    @Override
    public String getDisplayName() {
        return "carbon-mlops";
    }

    public static CarbonGlobalConfiguration get() {
        return ExtensionList.lookupSingleton(CarbonGlobalConfiguration.class);
    }

    /** The settings as plain values for the tracking logic. */
    public CarbonDefaults toDefaults() {
        return new CarbonDefaults(mlflowTrackingUri, defaultExperiment, defaultZone, defaultPue, intensityProviders,
                gatePolicy);
    }

    public String getMlflowTrackingUri() {
        return mlflowTrackingUri;
    }

    @DataBoundSetter
    public void setMlflowTrackingUri(String mlflowTrackingUri) {
        this.mlflowTrackingUri = Text.trimToNull(mlflowTrackingUri);
        save();
    }

    public String getMlflowCredentialsId() {
        return mlflowCredentialsId;
    }

    @DataBoundSetter
    public void setMlflowCredentialsId(String mlflowCredentialsId) {
        this.mlflowCredentialsId = Text.trimToNull(mlflowCredentialsId);
        save();
    }

    public String getDefaultExperiment() {
        return defaultExperiment;
    }

    @DataBoundSetter
    public void setDefaultExperiment(String defaultExperiment) {
        this.defaultExperiment = Text.trimToNull(defaultExperiment);
        save();
    }

    public String getDefaultZone() {
        return defaultZone;
    }

    @DataBoundSetter
    public void setDefaultZone(String defaultZone) {
        this.defaultZone = Text.trimToNull(defaultZone);
        save();
    }

    public double getDefaultPue() {
        return defaultPue;
    }

    @DataBoundSetter
    public void setDefaultPue(double defaultPue) {
        if (!(defaultPue >= 1.0) || defaultPue > 5.0) {
            throw new IllegalArgumentException("default PUE must be between 1.0 and 5.0, was " + defaultPue);
        }
        this.defaultPue = defaultPue;
        save();
    }

    public String getIntensityProviders() {
        return intensityProviders;
    }

    @DataBoundSetter
    public void setIntensityProviders(String intensityProviders) {
        this.intensityProviders = Text.trimToNull(intensityProviders);
        save();
    }

    public String getIntensityCredentialsId() {
        return intensityCredentialsId;
    }

    @DataBoundSetter
    public void setIntensityCredentialsId(String intensityCredentialsId) {
        this.intensityCredentialsId = Text.trimToNull(intensityCredentialsId);
        save();
    }

    public String getGatePolicy() {
        return gatePolicy;
    }

    @DataBoundSetter
    public void setGatePolicy(String gatePolicy) {
        this.gatePolicy = Text.trimToNull(gatePolicy);
        save();
    }

    @POST
    public ListBoxModel doFillMlflowCredentialsIdItems(@QueryParameter String mlflowCredentialsId) {
        return credentialItems(mlflowCredentialsId);
    }

    @POST
    public ListBoxModel doFillIntensityCredentialsIdItems(@QueryParameter String intensityCredentialsId) {
        return credentialItems(intensityCredentialsId);
    }

    @POST
    public FormValidation doCheckDefaultPue(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConfigChecks.pue(value).map(FormValidation::error).orElseGet(FormValidation::ok);
    }

    @POST
    public FormValidation doCheckMlflowTrackingUri(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConfigChecks.trackingUri(value).map(FormValidation::warning).orElseGet(FormValidation::ok);
    }

    @POST
    public FormValidation doCheckIntensityProviders(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConfigChecks.providers(value).map(FormValidation::error).orElseGet(FormValidation::ok);
    }

    @POST
    public FormValidation doCheckGatePolicy(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConfigChecks.gatePolicy(value).map(FormValidation::error).orElseGet(FormValidation::ok);
    }

    /**
     * Username/password and secret text credentials that builds can use: GLOBAL scope only, since SYSTEM-scoped ones
     * are for Jenkins itself and {@link BuildCredentials} would not find them. Nothing but the current value for
     * non-administrators.
     */
    private static ListBoxModel credentialItems(String current) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(current);
        }
        CredentialsMatcher usableByBuilds = CredentialsMatchers.withScope(CredentialsScope.GLOBAL);
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardUsernamePasswordCredentials.class, List.of(),
                        usableByBuilds)
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StringCredentials.class, List.of(), usableByBuilds)
                .includeCurrentValue(current);
    }
}
