package io.carbonmlops.cli;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import io.carbonmlops.mlflow.client.MlflowCredentials;
import io.carbonmlops.mlflow.client.MlflowException;
import io.carbonmlops.mlflow.gate.GateDecision;
import io.carbonmlops.mlflow.gate.GateLedgers;
import io.carbonmlops.mlflow.gate.GateTarget;
import io.carbonmlops.mlflow.gate.RegistryGate;
import io.carbonmlops.mlflow.gate.api.RestRegistryApi;
import io.carbonmlops.mlflow.gate.policy.GatePolicy;
import io.carbonmlops.mlflow.gate.policy.PolicyException;
import io.carbonmlops.mlflow.gate.policy.PolicyLoader;
import io.carbonmlops.mlflow.gate.proxy.GateProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon gate check|promote|serve}: carbon budgets on model-registry promotions (docs/gate.md). */
@Command(name = "gate",
        mixinStandardHelpOptions = true,
        header = "Gate model-registry promotions on carbon budgets: check, promote, or run the gatekeeper proxy.",
        subcommands = {GateCommand.Check.class, GateCommand.Promote.class, GateCommand.Serve.class})
public final class GateCommand extends CommandGroup {
    /** Policy file used when {@code --policy} is not given. */
    static final String POLICY_ENV = "CARBON_GATE_POLICY";

    static MlflowConfig mlflow(CliEnvironment environment) {
        try {
            return MlflowConfig.fromEnvironment(environment.env());
        } catch (IllegalArgumentException e) {
            throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /**
     * What {@code check} and {@code promote} share: the version and its target. They take {@code -h/--help} but not
     * the standard {@code --version}, which is the model version here (the suite's version is {@code carbon --version}).
     */
    abstract static class VersionCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;

        @Option(names = "--model", required = true, paramLabel = "NAME", description = "Registered model name.")
        String model;

        @Option(names = "--version", required = true, paramLabel = "N", description = "Model version.")
        String version;

        @ArgGroup(exclusive = true, multiplicity = "1")
        TargetOption target;

        @Mixin
        PolicyOption policyOption;

        @Mixin
        LedgerOption ledgerOption;

        private final CliEnvironment environment;

        VersionCommand(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws IOException {
            GatePolicy policy = policyOption.load(environment);
            Optional<SigningKey> gateKey = ledgerOption.gateKey(environment, needsGateKey(), spec.name());
            LedgerConfig ledgerConfig = ledgerOption.config(policy, environment);
            try (CarbonLedger ledger = GateLedgers.open(ledgerConfig, gateKey);
                    MlflowClient client = new MlflowClient(mlflow(environment))) {
                RegistryGate gate = new RegistryGate(new RestRegistryApi(client), policy, ledger, Clock.systemUTC());
                GateDecision decision = decide(gate, target.toTarget());
                PrintWriter out = spec.commandLine().getOut();
                out.print(decision.explanation());
                out.flush();
                return decision.allowed() ? ExitCodes.OK : ExitCodes.GATE_DENIED;
            } catch (MlflowException e) {
                throw new CarbonException(ExitCodes.FAILURE, "MLflow could not answer, so nothing was decided: "
                        + e.getMessage(), e);
            } catch (LedgerException e) {
                throw new CarbonException(ExitCodes.FAILURE, "the carbon ledger (" + ledgerConfig.location().describe()
                        + ") could not be read, so nothing was decided: " + e.getMessage(), e);
            }
        }

        abstract boolean needsGateKey();

        abstract GateDecision decide(RegistryGate gate, GateTarget gateTarget);
    }

    /**
     * {@code --ledger LOCATION} (else the policy's {@code ledger:}, else CARBON_LEDGER, else ~/.carbon/ledger.db) and
     * {@code --gate-key FILE} (else CARBON_GATE_KEY): where the gate reads entries and records its decisions.
     */
    static final class LedgerOption {
        @Option(names = "--ledger", paramLabel = "LOCATION",
                description = "The carbon ledger the gate judges from: an SQLite file or postgresql://USER@HOST:PORT/DB"
                        + " (default: the policy's 'ledger:', else CARBON_LEDGER, else ~/.carbon/ledger.db).")
        String ledger;

        @Option(names = "--gate-key", paramLabel = "FILE",
                description = "Ed25519 key (carbon ledger keygen) that signs the gate's decision entries (default: "
                        + GateLedgers.GATE_KEY_ENV + ").")
        Path gateKey;

        LedgerConfig config(GatePolicy policy, CliEnvironment environment) {
            try {
                return GateLedgers.config(policy, Optional.ofNullable(ledger), environment.env());
            } catch (IllegalArgumentException e) {
                throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
            }
        }

        Optional<SigningKey> gateKey(CliEnvironment environment, boolean required, String command) {
            Optional<SigningKey> key;
            try {
                key = GateLedgers.gateKey(Optional.ofNullable(gateKey), environment.env());
            } catch (UncheckedIOException e) {
                throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
            }
            if (required && key.isEmpty()) {
                throw new CarbonException(ExitCodes.USAGE, "carbon gate " + command + " records every decision as a"
                        + " signed ledger entry: give --gate-key FILE or set " + GateLedgers.GATE_KEY_ENV
                        + " ('carbon ledger keygen --name gate' makes one)");
            }
            return key;
        }
    }

    /** {@code --policy FILE}, else the file named by {@value #POLICY_ENV}: the policy every subcommand gates with. */
    static final class PolicyOption {
        @Option(names = "--policy", paramLabel = "FILE", description = "Gate policy (YAML); default $" + POLICY_ENV + ".")
        Path file;

        GatePolicy load(CliEnvironment environment) {
            Path chosen = file;
            if (chosen == null) {
                String fromEnv = environment.env().get(POLICY_ENV);
                if (fromEnv == null || fromEnv.isBlank()) {
                    throw new CarbonException(ExitCodes.USAGE, "no policy: pass --policy FILE or set " + POLICY_ENV);
                }
                chosen = Path.of(fromEnv);
            }
            try {
                return PolicyLoader.load(chosen);
            } catch (PolicyException e) {
                throw new CarbonException(ExitCodes.USAGE, "invalid gate policy: " + e.getMessage(), e);
            }
        }
    }

    /** {@code --stage S} or {@code --alias A}. */
    static final class TargetOption {
        @Option(names = "--stage", paramLabel = "STAGE", description = "Registry stage, e.g. Staging or Production.")
        String stage;

        @Option(names = "--alias", paramLabel = "ALIAS", description = "Registered-model alias, e.g. champion.")
        String alias;

        GateTarget toTarget() {
            return stage != null ? GateTarget.stage(stage) : GateTarget.alias(alias);
        }
    }

    /** {@code carbon gate check}. */
    @Command(name = "check",
            header = "Decide whether a model version may be promoted; change and record nothing.",
            description = "Prints the decision with the rule, the budget, the figure and every counted run and ledger "
                    + "entry. Exit 0 when allowed, 3 when refused. Figures come only from ledger entries signed by a "
                    + "key of the policy's trust list. MLflow from MLFLOW_TRACKING_URI (and MLFLOW_TRACKING_TOKEN or "
                    + "MLFLOW_TRACKING_USERNAME/PASSWORD).")
    static final class Check extends VersionCommand {
        Check(CliEnvironment environment) {
            super(environment);
        }

        @Override
        boolean needsGateKey() {
            return false;
        }

        @Override
        GateDecision decide(RegistryGate gate, GateTarget gateTarget) {
            return gate.decide(model, version, gateTarget);
        }
    }

    /** {@code carbon gate promote}. */
    @Command(name = "promote",
            header = "Check, record the decision in the ledger, then transition the stage or set the alias.",
            description = "Every decision, allowed or refused, is appended to the ledger signed with the gate key; an "
                    + "allowed one is copied to carbon.gate.* tags. A refused promotion changes nothing in MLflow. "
                    + "Exit 0 when promoted, 3 when refused.")
    static final class Promote extends VersionCommand {
        @Option(names = "--archive-existing", description = "With --stage: archive the versions already in it.")
        boolean archiveExisting;

        Promote(CliEnvironment environment) {
            super(environment);
        }

        @Override
        boolean needsGateKey() {
            return true;
        }

        @Override
        GateDecision decide(RegistryGate gate, GateTarget gateTarget) {
            return gate.promote(model, version, gateTarget, archiveExisting);
        }
    }

    /** {@code carbon gate serve}. */
    @Command(name = "serve", mixinStandardHelpOptions = true,
            header = "Run the gatekeeper proxy in front of MLflow (UI, REST and artifacts pass through).",
            description = {"Promotions over budget are refused with HTTP 403 in MLflow's error format, which the MLflow "
                    + "UI shows; allowed ones are forwarded and copied to carbon.gate.* tags. Every decision is "
                    + "appended to the ledger, signed with the gate key. Bind MLflow to a private address so that "
                    + "this is the only way in.",
                "The gate reads MLflow with each caller's own Authorization header and nothing else: a caller who sent "
                    + "none gets MLflow's 401. MLFLOW_TRACKING_USERNAME/PASSWORD/TOKEN are not used; the TLS and "
                    + "timeout variables (MLFLOW_TRACKING_SERVER_CERT_PATH, ...) are."})
    static final class Serve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--upstream", required = true, paramLabel = "URL", description = "MLflow server, e.g. "
                + "http://127.0.0.1:5000.")
        URI upstream;

        @Option(names = "--listen", defaultValue = "127.0.0.1:5001", paramLabel = "HOST:PORT",
                description = "Address to listen on (default: ${DEFAULT-VALUE}).")
        String listen;

        @Mixin
        PolicyOption policyOption;

        @Mixin
        LedgerOption ledgerOption;

        private final CliEnvironment environment;

        Serve(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() throws Exception {
            GatePolicy policy = policyOption.load(environment);
            InetSocketAddress address = listenAddress(listen);
            MlflowConfig config = upstreamConfig();
            Optional<SigningKey> gateKey = ledgerOption.gateKey(environment, true, "serve");
            LedgerConfig ledgerConfig = ledgerOption.config(policy, environment);
            PrintWriter err = spec.commandLine().getErr();
            try (CarbonLedger ledger = GateLedgers.open(ledgerConfig, gateKey);
                    MlflowClient client = new MlflowClient(config)) {
                RestRegistryApi api = new RestRegistryApi(client);
                RegistryGate gate = new RegistryGate(api, policy, ledger, Clock.systemUTC());
                GateProxy proxy;
                try {
                    proxy = GateProxy.start(config.trackingUri(), address, gate, api, line -> {
                        synchronized (err) {
                            err.println("carbon gate: " + line);
                            err.flush();
                        }
                    });
                } catch (IOException e) {
                    throw new CarbonException(ExitCodes.FAILURE, "cannot listen on " + listen + ": " + e.getMessage(), e);
                }
                try (proxy) {
                    err.println("carbon gate: listening on " + proxy.uri() + ", forwarding to " + config.trackingUri()
                            + " with policy " + policy.source() + ", ledger " + ledgerConfig.location().describe());
                    err.flush();
                    proxy.join();
                }
            }
            return ExitCodes.OK;
        }

        /**
         * MLflow at {@code --upstream}, read without credentials of its own: each request is judged with its
         * caller's. TLS settings and timeouts still come from the MLflow variables.
         */
        private MlflowConfig upstreamConfig() {
            java.util.Map<String, String> env = new java.util.HashMap<>(environment.env());
            env.put(MlflowConfig.TRACKING_URI, upstream.toString());
            env.keySet().removeAll(java.util.List.of(MlflowConfig.TRACKING_USERNAME, MlflowConfig.TRACKING_PASSWORD,
                    MlflowConfig.TRACKING_TOKEN));
            try {
                // a long-lived proxy: after MLflow failed, refuse inspected requests at once for 2 s, not 10
                return MlflowConfig.fromEnvironment(env).withCredentials(MlflowCredentials.none())
                        .withUnreachableHold(java.time.Duration.ofSeconds(2));
            } catch (IllegalArgumentException e) {
                throw new CarbonException(ExitCodes.USAGE, "--upstream: " + e.getMessage(), e);
            }
        }

        static InetSocketAddress listenAddress(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            try {
                if (colon <= 0) {
                    throw new NumberFormatException();
                }
                String host = hostPort.substring(0, colon).replaceAll("^\\[|\\]$", "");
                int port = Integer.parseInt(hostPort.substring(colon + 1));
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new InetSocketAddress(host, port);
            } catch (NumberFormatException e) {
                throw new CarbonException(ExitCodes.USAGE, "--listen must be HOST:PORT (e.g. 127.0.0.1:5001), was '"
                        + hostPort + "'");
            }
        }
    }
}
