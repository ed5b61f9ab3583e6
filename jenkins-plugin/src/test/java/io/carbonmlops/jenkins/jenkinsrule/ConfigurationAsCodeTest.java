package io.carbonmlops.jenkins.jenkinsrule;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.jenkins.CarbonGlobalConfiguration;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import org.junit.jupiter.api.Test;

/** The global configuration from JCasC YAML ({@code unclassified: carbonMlops:}); real POM only. */
@WithJenkinsConfiguredWithCode
class ConfigurationAsCodeTest {
    @Test
    @ConfiguredWithCode("configuration-as-code.yml")
    void everyFieldIsConfigurableFromYaml(JenkinsConfiguredWithCodeRule r) {
        CarbonGlobalConfiguration config = CarbonGlobalConfiguration.get();

        assertThat(config.getMlflowTrackingUri()).isEqualTo("https://mlflow.example.com");
        assertThat(config.getMlflowCredentialsId()).isEqualTo("mlflow-ci");
        assertThat(config.getDefaultExperiment()).isEqualTo("jenkins");
        assertThat(config.getDefaultZone()).isEqualTo("DE");
        assertThat(config.getDefaultPue()).isEqualTo(1.2);
        assertThat(config.getIntensityProviders()).isEqualTo("electricitymaps,table");
        assertThat(config.getIntensityCredentialsId()).isEqualTo("electricitymaps-token");
        assertThat(config.getGatePolicy()).contains("budget_kg: 50");
        assertThat(config.getLedgerLocation()).isEqualTo("postgresql://db.example.com:5432/carbon_ledger");
        assertThat(config.getLedgerCredentialsId()).isEqualTo("carbon-ledger-writer");
        assertThat(config.getLedgerSigningKeyCredentialsId()).isEqualTo("carbon-ledger-key");
        assertThat(config.getGateSigningKeyCredentialsId()).isEqualTo("carbon-gate-key");
    }
}
