package io.carbonmlops.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
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
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
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
    private String ledgerLocation;
    private String ledgerCredentialsId;
    private String ledgerSigningKeyCredentialsId;
    private String gateSigningKeyCredentialsId;

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

    public String getLedgerLocation() {
        return ledgerLocation;
    }

    /** An SQLite file on the controller or a PostgreSQL URL; empty: blocks are not recorded in a ledger. */
    @DataBoundSetter
    public void setLedgerLocation(String ledgerLocation) {
        this.ledgerLocation = Text.trimToNull(ledgerLocation);
        save();
    }

    public String getLedgerCredentialsId() {
        return ledgerCredentialsId;
    }

    /** The PostgreSQL login (username with password); looked up as the system, never by builds. */
    @DataBoundSetter
    public void setLedgerCredentialsId(String ledgerCredentialsId) {
        this.ledgerCredentialsId = Text.trimToNull(ledgerCredentialsId);
        save();
    }

    public String getLedgerSigningKeyCredentialsId() {
        return ledgerSigningKeyCredentialsId;
    }

    /** A System-scoped secret file holding the controller's Ed25519 private key (PEM). */
    @DataBoundSetter
    public void setLedgerSigningKeyCredentialsId(String ledgerSigningKeyCredentialsId) {
        this.ledgerSigningKeyCredentialsId = Text.trimToNull(ledgerSigningKeyCredentialsId);
        save();
    }

    public String getGateSigningKeyCredentialsId() {
        return gateSigningKeyCredentialsId;
    }

    /** A System-scoped secret file holding the key that signs carbonGate's decision entries (not the measurement key). */
    @DataBoundSetter
    public void setGateSigningKeyCredentialsId(String gateSigningKeyCredentialsId) {
        this.gateSigningKeyCredentialsId = Text.trimToNull(gateSigningKeyCredentialsId);
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
    public ListBoxModel doFillLedgerCredentialsIdItems(@QueryParameter String ledgerCredentialsId) {
        return systemCredentialItems(ledgerCredentialsId, StandardUsernamePasswordCredentials.class,
                CredentialsMatchers.always());
    }

    @POST
    public ListBoxModel doFillLedgerSigningKeyCredentialsIdItems(
            @QueryParameter String ledgerSigningKeyCredentialsId) {
        return systemCredentialItems(ledgerSigningKeyCredentialsId, FileCredentials.class,
                CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
    }

    @POST
    public ListBoxModel doFillGateSigningKeyCredentialsIdItems(@QueryParameter String gateSigningKeyCredentialsId) {
        return systemCredentialItems(gateSigningKeyCredentialsId, FileCredentials.class,
                CredentialsMatchers.withScope(CredentialsScope.SYSTEM));
    }

    @POST
    public FormValidation doCheckLedgerLocation(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return ConfigChecks.ledgerLocation(value).map(FormValidation::error).orElseGet(FormValidation::ok);
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
     * Credentials for Jenkins itself (the ledger's database login, its signing key): looked up as the system, so
     * System-scoped ones are offered. Nothing but the current value for non-administrators.
     */
    private static ListBoxModel systemCredentialItems(String current, Class<? extends StandardCredentials> type,
            CredentialsMatcher matcher) {
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            return new StandardListBoxModel().includeCurrentValue(current);
        }
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), type, List.of(), matcher)
                .includeCurrentValue(current);
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
