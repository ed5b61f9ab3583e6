package io.carbonmlops.cli;

import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerException;
import io.carbonmlops.ledger.store.LedgerLocation;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.store.LedgerStores;
import java.nio.file.Files;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --ledger LOCATION} of the {@code carbon ledger} commands: else {@code CARBON_LEDGER}, else ~/.carbon/ledger.db. */
final class LedgerLocationOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--ledger", paramLabel = "LOCATION",
            description = "The ledger: an SQLite file, or postgresql://USER@HOST:PORT/DATABASE (default: "
                    + "CARBON_LEDGER, else ~/.carbon/ledger.db).")
    String ledger;

    /** The configuration from the environment with the location this option names. */
    LedgerConfig config(CliEnvironment environment) {
        try {
            LedgerConfig config = LedgerConfig.fromEnvironment(environment.env());
            return ledger == null ? config : config.withLocation(LedgerLocation.parse(ledger));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), (ledger == null ? LedgerLocation.LEDGER_ENV + ": "
                    : "--ledger: ") + e.getMessage());
        }
    }

    /** The store, opened now; a failure to reach it is a clear error, exit 1. */
    LedgerStore open(CliEnvironment environment) {
        return open(environment, false);
    }

    /**
     * The store of a ledger that must exist already: reading a mistyped SQLite path must not create an empty ledger
     * and report it intact.
     */
    LedgerStore openExisting(CliEnvironment environment) {
        return open(environment, true);
    }

    private LedgerStore open(CliEnvironment environment, boolean mustExist) {
        LedgerConfig config = config(environment);
        if (mustExist && config.location() instanceof LedgerLocation.Sqlite sqlite && !Files.exists(sqlite.file())) {
            throw new CarbonException(ExitCodes.FAILURE, "there is no ledger at " + sqlite.file() + " (check --ledger "
                    + "or CARBON_LEDGER; 'carbon measure --ledger' or 'carbon ledger init' creates one)");
        }
        try {
            return mustExist ? LedgerStores.openExisting(config.location(), config.timeout())
                    : LedgerStores.open(config.location(), config.timeout());
        } catch (LedgerException e) {
            throw new CarbonException(ExitCodes.FAILURE, e.getMessage(), e);
        }
    }

    /** The ledger facade without a signing key (flush, which only appends what is signed already); no connection yet. */
    CarbonLedger carbonLedger(CliEnvironment environment) {
        LedgerConfig config = config(environment);
        return CarbonLedger.open(new LedgerConfig(config.location(), Optional.empty(), config.spoolBase(),
                config.timeout()));
    }
}
