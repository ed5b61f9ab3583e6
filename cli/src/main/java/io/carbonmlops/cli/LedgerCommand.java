package io.carbonmlops.cli;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.KeyFiles;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.SigningKey;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.PostgresLedgerStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon ledger keygen|init|verify|show|export|head|flush}: the signed carbon ledger (docs/ledger.md). */
@Command(name = "ledger",
        mixinStandardHelpOptions = true,
        header = "The signed, hash-chained carbon ledger: keys, verification, queries, export.",
        description = "The ledger is CARBON_LEDGER (an SQLite file or postgresql://…), else ~/.carbon/ledger.db; "
                + "'carbon measure --ledger' writes to it.",
        subcommands = {LedgerCommand.Keygen.class, LedgerCommand.Init.class, LedgerVerifyCommand.class,
            LedgerShowCommand.class, LedgerExportCommand.class, LedgerCommand.Head.class, LedgerCommand.Flush.class})
public final class LedgerCommand extends CommandGroup {
    /** The trust list used when {@code --trust} is not given. */
    static final String TRUST_ENV = "CARBON_LEDGER_TRUST";

    /** The trust list from {@code --trust}, else {@code CARBON_LEDGER_TRUST}; empty when neither is set. */
    static Optional<TrustList> trust(Path option, CliEnvironment environment) {
        Path file = option;
        if (file == null) {
            String fromEnv = environment.env().get(TRUST_ENV);
            file = fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
        }
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(TrustList.load(file));
        } catch (IOException e) {
            throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
        }
    }

    /** {@code carbon ledger keygen}. */
    @Command(name = "keygen", mixinStandardHelpOptions = true,
            header = "Write a new Ed25519 signing key pair and print its public key and key id.",
            description = {"Writes DIR/NAME.key (PKCS#8 PEM, mode 0600 from the moment it exists) and DIR/NAME.pub. "
                    + "Never overwrites a key. Sign with 'carbon measure --ledger-key DIR/NAME.key' (or "
                    + "CARBON_LEDGER_KEY); put the printed trust entry in the trust list of whoever verifies."})
    static final class Keygen implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--out", paramLabel = "DIR", description = "Directory for the key files (default: ~/.carbon/keys).")
        Path out;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = "carbon-ledger",
                description = "Key name: file names and the trust-list name (default: ${DEFAULT-VALUE}).")
        String name;

        @Override
        public Integer call() {
            Path dir = out != null ? out : Path.of(System.getProperty("user.home"), ".carbon", "keys");
            SigningKey key = SigningKey.generate();
            KeyFiles.KeyPairFiles files;
            try {
                files = KeyFiles.writeNew(dir, name, key);
            } catch (FileAlreadyExistsException e) {
                throw new CarbonException(ExitCodes.FAILURE, e.getFile() + " exists; refusing to overwrite a key "
                        + "(choose another --name or --out)", e);
            } catch (IllegalArgumentException e) {
                throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
            } catch (IOException e) {
                throw new CarbonException(ExitCodes.FAILURE, "cannot write the key files in " + dir + ": " + e, e);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.println("private key: " + files.privateKey() + " (mode 0600: keep it secret)");
            o.println("public key:  " + files.publicKey());
            o.println("key id:      " + key.keyId());
            o.println("public key (base64): " + PublicKeys.toBase64(key.publicKey()));
            o.println("trust list entry:");
            o.println("trust:");
            o.println("  - name: " + name);
            o.println("    public_key: " + PublicKeys.toBase64(key.publicKey()));
            return ExitCodes.OK;
        }
    }

    /** {@code carbon ledger init}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            header = "Create the ledger's tables and append-only triggers (once, as the database owner).",
            description = "An SQLite ledger creates itself on first use; a PostgreSQL one does too when the role may "
                    + "create tables. Otherwise run this once as the owner role, then grant the writer role "
                    + "SELECT and INSERT only (--grants-for prints the statements).")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        LedgerLocationOption location;

        @Option(names = "--grants-for", paramLabel = "ROLE",
                description = "Print the GRANT statements that let ROLE append and read, and nothing else.")
        String grantsFor;

        private final CliEnvironment environment;

        Init(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            PrintWriter o = spec.commandLine().getOut();
            try (LedgerStore store = location.open(environment)) {
                o.println("ledger ready: " + store.describe() + " (" + store.count() + " entries)");
            }
            if (grantsFor != null) {
                if (!(location.config(environment).location() instanceof LedgerLocation.Postgres)) {
                    throw new CarbonException(ExitCodes.USAGE, "--grants-for is for PostgreSQL ledgers; an SQLite "
                            + "ledger is protected by its file's permissions");
                }
                PostgresLedgerStore.writerGrants(grantsFor).forEach(grant -> o.println(grant + ";"));
            }
            return ExitCodes.OK;
        }
    }

    /** {@code carbon ledger head}. */
    @Command(name = "head", mixinStandardHelpOptions = true,
            header = "Print the last entry as SEQ:HASH: an anchor to keep outside the ledger.",
            description = "Kept somewhere the ledger's administrators cannot write (a build log, a ticket, git), an "
                    + "anchor lets 'carbon ledger verify --anchor SEQ:HASH' prove later that nothing up to SEQ was "
                    + "rewritten and that the end was not cut off. Exit 1 when the ledger is empty.")
    static final class Head implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        LedgerLocationOption location;

        private final CliEnvironment environment;

        Head(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            try (LedgerStore store = location.openExisting(environment)) {
                Optional<StoredEntry> head = store.head();
                if (head.isEmpty()) {
                    spec.commandLine().getErr().println("carbon: the ledger " + store.describe() + " is empty");
                    return ExitCodes.FAILURE;
                }
                spec.commandLine().getOut().println(head.get().seq() + ":" + head.get().entryHash());
                return ExitCodes.OK;
            }
        }
    }

    /** {@code carbon ledger flush}. */
    @Command(name = "flush", mixinStandardHelpOptions = true,
            header = "Append the entries spooled while the ledger was unreachable (CARBON_LEDGER_SPOOL_DIR, default "
                    + "~/.carbon/ledger-spool).",
            description = "Each entry is appended exactly once: one already in the ledger is only removed from the "
                    + "spool. An entry whose id another record holds moves to rejected/. Exit 1 when entries remain.")
    static final class Flush implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        LedgerLocationOption location;

        private final CliEnvironment environment;

        Flush(CliEnvironment environment) {
            this.environment = environment;
        }

        @Override
        public Integer call() {
            try (CarbonLedger ledger = location.carbonLedger(environment)) {
                CarbonLedger.FlushResult result = ledger.flushSpool();
                spec.commandLine().getOut().printf("appended %d, already present %d, rejected %d, remaining %d in %s%n",
                        result.appended(), result.alreadyPresent(), result.rejected(), result.remaining(),
                        ledger.spool().directory());
                result.problems().forEach(p -> spec.commandLine().getErr().println("carbon: " + p));
                return result.remaining() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
            }
        }
    }
}
