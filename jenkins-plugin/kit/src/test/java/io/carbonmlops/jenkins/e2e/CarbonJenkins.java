package io.carbonmlops.jenkins.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.carbonmlops.jenkins.tracking.MlflowRunReader;
import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.provider.Providers;
import io.carbonmlops.mlflow.testing.MlflowServer;
import io.carbonmlops.jenkins.carbon.GateCheck;
import io.carbonmlops.ledger.Attribution;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerEntry;
import io.carbonmlops.ledger.MeasurementEntries;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.keys.TrustedKey;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import io.carbonmlops.ledger.testing.LedgerFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The world of one e2e test class: a real {@code mlflow server}, a real controller with carbon-tracking.hpi installed
 * and configured (MLflow URI, a username/password credential for it, zone DE, a gate policy), and its inbound agent
 * with fake GPUs. New Pipeline scenarios need only {@link #pipelines} and the assertions below.
 */
final class CarbonJenkins implements AutoCloseable {
    /** Two fake GPUs: what a block sees unless CUDA_VISIBLE_DEVICES narrows it. */
    static final String TWO_GPUS = "watts=300,name=Fake A;watts=150,name=Fake B";
    static final double ALL_GPUS_WATTS = 450;
    static final String MLFLOW_USER = "ci-user";
    static final String MLFLOW_PASSWORD = "s3cr3t-Carbon-pw-42";
    /** The gate policy: it trusts the controller's measurement key (the entries the plugin signs) and nothing else. */
    static String gatePolicy(SigningKey controllerKey) {
        return String.join("\n",
                "version: 1",
                "trust:",
                "  - name: jenkins-e2e",
                "    public_key: " + PublicKeys.toBase64(controllerKey.publicKey()),
                "rules:",
                "  - model: resnet50-imagenet",
                "    alias: champion",
                "    budget_kg: 1",
                "    counts: run",
                "    signed_by: jenkins-e2e",
                "  - model: over-budget-model",
                "    stage: Production",
                "    budget_kg: 1",
                "    counts: run",
                "");
    }

    /** The id of the System-scoped secret file holding the controller's ledger signing key. */
    static final String LEDGER_KEY_ID = "carbon-ledger-key";
    /** The id of the System-scoped secret file holding the key that signs carbonGate's decisions. */
    static final String GATE_KEY_ID = "carbon-gate-key";

    final MlflowServer mlflow;
    final JenkinsController jenkins;
    final InboundAgent agent;
    final Pipelines pipelines;
    /** The controller's SQLite ledger, next to its home. */
    final Path ledger;
    /** The key the controller signs ledger entries with (in Jenkins as {@link #LEDGER_KEY_ID}). */
    final SigningKey ledgerKey;
    /** The key carbonGate signs its decisions with (in Jenkins as {@link #GATE_KEY_ID}). */
    final SigningKey gateKey;

    /** An Electricity Maps stand-in the controller's provider chain reaches (CARBON_ELECTRICITYMAPS_URL). */
    final ForecastStandIn forecasts;

    private CarbonJenkins(MlflowServer mlflow, JenkinsController jenkins, InboundAgent agent, Path ledger,
            SigningKey ledgerKey, SigningKey gateKey, ForecastStandIn forecasts) {
        this.forecasts = forecasts;
        this.gateKey = gateKey;
        this.mlflow = mlflow;
        this.jenkins = jenkins;
        this.agent = agent;
        this.pipelines = new Pipelines(jenkins);
        this.ledger = ledger;
        this.ledgerKey = ledgerKey;
    }

    /**
     * Starts it all. {@code upload}: install the .hpi through the plugin manager's upload (as an administrator
     * would, loaded without a restart); otherwise it is in the plugins folder before the controller starts.
     */
    static CarbonJenkins start(String name, boolean upload) throws IOException, InterruptedException {
        E2eRequirements.hpi();
        E2eRequirements.fakeNvml();
        E2eRequirements.venvBin();
        MlflowServer mlflow = MlflowServer.start();
        ForecastStandIn forecasts = ForecastStandIn.start();
        JenkinsController jenkins = null;
        try {
            Map<String, String> env = Map.of("CARBON_ELECTRICITYMAPS_URL", forecasts.baseUrl());
            jenkins = JenkinsController.startWith(name, upload ? null : E2eRequirements.hpi(), env);
            if (upload) {
                jenkins.uploadPlugin(E2eRequirements.hpi());
            }
            Path ledger = jenkins.home().resolveSibling("ledger.db");
            SigningKey key = SigningKey.generate();
            SigningKey gateKey = SigningKey.generate();
            Path keys = jenkins.home().resolveSibling("keys");
            configure(jenkins, mlflow, ledger, key, keyPem(key, keys, "jenkins"), keyPem(gateKey, keys, "gate"));
            return new CarbonJenkins(mlflow, jenkins, InboundAgent.connect(jenkins, TWO_GPUS), ledger, key, gateKey,
                    forecasts);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            if (jenkins != null) {
                jenkins.close();
            }
            forecasts.close();
            mlflow.close();
            throw e;
        }
    }

    /** The plugin's settings, as an administrator's init script would set them. */
    private static void configure(JenkinsController jenkins, MlflowServer mlflow, Path ledger, SigningKey key,
            String keyPem, String gateKeyPem) throws IOException, InterruptedException {
        String out = jenkins.groovy(String.join("\n",
                "import com.cloudbees.plugins.credentials.CredentialsScope",
                "import com.cloudbees.plugins.credentials.SecretBytes",
                "import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl",
                "import com.cloudbees.plugins.credentials.SystemCredentialsProvider",
                "import com.cloudbees.plugins.credentials.domains.Domain",
                "import com.cloudbees.plugins.credentials.impl.UsernamePasswordCredentialsImpl",
                "def store = SystemCredentialsProvider.instance.store",
                "store.addCredentials(Domain.global(), new UsernamePasswordCredentialsImpl(CredentialsScope.GLOBAL,",
                "    'mlflow-ci', 'MLflow for builds', '" + MLFLOW_USER + "', '" + MLFLOW_PASSWORD + "'))",
                "store.addCredentials(Domain.global(), new UsernamePasswordCredentialsImpl(CredentialsScope.SYSTEM,",
                "    'jenkins-internal', 'for Jenkins itself only', 'jenkins', 'not-for-builds'))",
                "store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.SYSTEM,",
                "    '" + LEDGER_KEY_ID + "', 'ledger signing key', 'jenkins.key',",
                "    SecretBytes.fromBytes('''" + keyPem + "'''.getBytes('US-ASCII'))))",
                "store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.SYSTEM,",
                "    '" + GATE_KEY_ID + "', 'gate decision key', 'gate.key',",
                "    SecretBytes.fromBytes('''" + gateKeyPem + "'''.getBytes('US-ASCII'))))",
                "def carbon = io.carbonmlops.jenkins.CarbonGlobalConfiguration.get()",
                "carbon.mlflowTrackingUri = '" + mlflow.trackingUri() + "'",
                "carbon.mlflowCredentialsId = 'mlflow-ci'",
                "carbon.defaultZone = 'DE'",
                "carbon.gatePolicy = '''" + gatePolicy(key) + "'''",
                "carbon.ledgerLocation = '" + ledger + "'",
                "carbon.ledgerSigningKeyCredentialsId = '" + LEDGER_KEY_ID + "'",
                "carbon.gateSigningKeyCredentialsId = '" + GATE_KEY_ID + "'",
                "println 'configured ' + carbon.mlflowTrackingUri"));
        assertThat(out).contains("configured " + mlflow.trackingUri());
    }

    /** The key as the secret file holds it: PKCS#8 PEM, as 'carbon ledger keygen' writes it. */
    private static String keyPem(SigningKey key, Path dir, String name) throws IOException {
        return Files.readString(KeyFiles.writeNew(dir, name, key).privateKey());
    }

    /** The controller's ledger, read as 'carbon ledger verify' reads it; the caller closes it. */
    LedgerStore openLedger() {
        return LedgerStores.openExisting(new LedgerLocation.Sqlite(ledger), Duration.ofSeconds(30));
    }

    /** A measurement entry of {@code co2eKg} for an MLflow run, signed with the controller's key (a seeded record). */
    void appendSignedMeasurement(String runId, double co2eKg) {
        Instant end = Instant.now();
        LedgerEntry entry = MeasurementEntries.fromDocument(LedgerFixtures.document(end, co2eKg),
                Attribution.none().withMlflowRun("0", runId), end);
        try (CarbonLedger writer = CarbonLedger.open(ledgerConfig(), ledgerKey)) {
            writer.append(ledgerKey.sign(entry));
        }
    }

    /** The ledger as carbonGate reads it, without a gate key: decides, records nothing. */
    GateCheck.GateLedger gateLedger() {
        return new GateCheck.GateLedger(Optional.of(ledgerConfig()), ledger.resolveSibling("test-spool"),
                Optional.empty(), Optional.empty());
    }

    private LedgerConfig ledgerConfig() {
        return LedgerConfig.of(new LedgerLocation.Sqlite(ledger)).withSpoolBase(ledger.resolveSibling("test-spool"));
    }

    /** Points the controller's intensity chain at the Electricity Maps stand-in (with a token), or back to the table. */
    void useElectricityMapsStandIn(boolean on) throws IOException, InterruptedException {
        String out = jenkins.groovy(String.join("\n",
                "import com.cloudbees.plugins.credentials.CredentialsScope",
                "import com.cloudbees.plugins.credentials.SystemCredentialsProvider",
                "import com.cloudbees.plugins.credentials.domains.Domain",
                "import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl",
                "import hudson.util.Secret",
                "def store = SystemCredentialsProvider.instance.store",
                "if (store.getCredentials(Domain.global()).every { it.id != 'em-token' }) {",
                "  store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, 'em-token',",
                "      'Electricity Maps stand-in', Secret.fromString('stand-in-token')))",
                "}",
                "def carbon = io.carbonmlops.jenkins.CarbonGlobalConfiguration.get()",
                "carbon.intensityProviders = " + (on ? "'electricitymaps,table'" : "null"),
                "carbon.intensityCredentialsId = " + (on ? "'em-token'" : "null"),
                "println 'providers=' + carbon.intensityProviders"));
        assertThat(out).contains("providers=" + (on ? "electricitymaps,table" : "null"));
    }

    /** The trust list an auditor verifies this controller's ledger with: its measurement key and its gate key. */
    TrustList ledgerTrust() {
        return TrustList.of(List.of(TrustedKey.of("jenkins-e2e", ledgerKey.publicKey()),
                TrustedKey.of("jenkins-e2e-gate", gateKey.publicKey())));
    }

    /** The shipped table's yearly average for a zone, as the meter's own provider reads it. */
    static double tableIntensity(String zone) {
        try (ProviderChain table = Providers.chain("table", Map.of(), MeterClock.SYSTEM)) {
            return table.latest(zone).first().gramsPerKwh();
        }
    }

    /** The runs of an MLflow experiment, newest first. */
    List<MlflowRunReader> runs(String experiment) {
        return MlflowRunReader.search(mlflow.trackingUri(), experiment);
    }

    MlflowRunReader run(String experiment, String runName) {
        return runs(experiment).stream().filter(r -> runName.equals(r.runName())).findFirst()
                .orElseThrow(() -> new AssertionError("no run '" + runName + "' in experiment " + experiment + ": "
                        + runs(experiment).stream().map(MlflowRunReader::runName).toList()));
    }

    /**
     * The figures the fake GPUs fix: their energy is exactly their constant power over the window (the meter reads
     * the clock and the counters one after the other, hence 1 %); IT energy × PUE is the facility energy, and that ×
     * the shipped table's intensity for the zone is the CO2e, exactly.
     */
    static void assertCarbonFigures(MlflowRunReader run, double gpuWatts, double pue, String zone) {
        Map<String, Double> m = run.metrics();
        double seconds = m.get("carbon/duration_s");
        double intensity = tableIntensity(zone);
        assertThat(seconds).as("window of run %s", run.runName()).isPositive();
        assertThat(m.get("carbon/gpu_energy_kwh") * 3.6e6 / seconds).as("mean GPU power of %s, W", run.runName())
                .isCloseTo(gpuWatts, withinPercentage(1));
        assertThat(m.get("carbon/facility_energy_kwh")).isCloseTo(m.get("carbon/energy_kwh") * pue, within(1e-12));
        assertThat(m.get("carbon/intensity_g_per_kwh")).isCloseTo(intensity, within(1e-9));
        assertThat(m.get("carbon/co2e_kg")).isCloseTo(m.get("carbon/facility_energy_kwh") * intensity / 1000, within(1e-12));
        assertThat(run.tags()).containsEntry("carbon.zone", zone).containsEntry("carbon.pue", Double.toString(pue));
    }

    /**
     * Fails when the controller logged an error from the plugin (a view that does not render, an exception in a step):
     * such errors reach the log, not always a build.
     */
    void assertNoPluginErrorsLogged() throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(jenkins.log());
        List<String> errors = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            boolean severe = line.contains("\tSEVERE\t") || line.contains("\tWARNING\t");
            String context = String.join("\n", lines.subList(i, Math.min(lines.size(), i + 40)));
            if (severe && context.contains("io.carbonmlops") && !line.contains("UpdateSite$Plugin#getNeededDependencies")) {
                errors.add(context);
            }
        }
        assertThat(errors).as("plugin errors in " + jenkins.log()).isEmpty();
    }

    @Override
    public void close() {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            try {
                jenkins.close();
            } finally {
                forecasts.close();
                mlflow.close();
            }
        }
    }
}
