package io.carbonmlops.cli;

import io.carbonmlops.ledger.LedgerException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code carbon} command line. {@link #commandLine} builds it for {@link #main} and for tests; {@code main} is
 * the only place that exits the JVM, and commands print only through the command line's writers.
 *
 * <p>To add a command: write a class with {@code @Command} (a constructor taking {@link CliEnvironment} gets one)
 * and list it in {@code subcommands} below.
 */
@Command(name = "carbon",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        header = "Measure the energy and carbon of a piece of work where it runs.",
        description = {
            "GPUs through NVML, CPUs through Linux RAPL (or a documented estimate), RAM by estimate. "
                    + "Run 'carbon devices' to see what this machine offers.",
        },
        subcommands = {
            MeasureCommand.class,
            DevicesCommand.class,
            IntensityCommand.class,
            ZonesCommand.class,
            MlflowCommand.class,
            CompareCommand.class,
            GateCommand.class,
            WhenCommand.class,
            WaitCommand.class,
            WhereCommand.class,
            LedgerCommand.class,
            ReportCommand.class,
            CommandLine.HelpCommand.class,
        },
        commandListHeading = "%nCommands:%n",
        exitCodeListHeading = "%nExit codes:%n")
public final class CarbonCli extends CommandGroup {
    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    public static void main(String[] args) {
        quietSlf4j();
        Charset charset = Charset.defaultCharset();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
        int exitCode = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /**
     * HttpClient logs through SLF4J, and carbon ships no SLF4J backend (provider failures reach the user as warnings
     * with their reason), so SLF4J would print three lines about the missing backend into stderr, which carbon measure
     * shares with the measured command. Its own errors still print; {@code -Dslf4j.internal.verbosity=...} overrides.
     */
    private static void quietSlf4j() {
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
            System.setProperty(SLF4J_VERBOSITY, "ERROR");
        }
    }

    /** The command line with the process environment and the system clock. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, CliEnvironment.system());
    }

    /** The command line reading its environment from {@code environment} (tests inject variables and clocks). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, CliEnvironment environment) {
        CommandLine commandLine = new CommandLine(new CarbonCli(), new Factory(environment));
        commandLine.setOut(out);
        commandLine.setErr(err);
        // "carbon measure -- curl @body.json" must pass "@body.json" through, not read it as an argument file.
        commandLine.setExpandAtFiles(false);
        commandLine.setExecutionExceptionHandler(CarbonCli::handleExecutionException);
        commandLine.setParameterExceptionHandler(CarbonCli::handleParameterException);
        commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCodes.helpList());
        CommandLine measure = commandLine.getSubcommands().get("measure");
        // Everything from the command's name on belongs to the command, even without "--".
        measure.setStopAtPositional(true);
        measure.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
        CommandLine wait = commandLine.getSubcommands().get("wait");
        wait.setStopAtPositional(true);
        wait.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.helpList());
        return commandLine;
    }

    private static int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof CarbonException carbon) {
            err.println("carbon: " + carbon.getMessage());
            err.flush();
            return carbon.exitCode();
        }
        if (e instanceof LedgerException ledger) { // the ledger failed or holds a damaged row: not a carbon bug
            err.println("carbon: " + ledger.getMessage());
            err.flush();
            return ExitCodes.FAILURE;
        }
        err.println("carbon: internal error: " + e);
        e.printStackTrace(err);
        err.println("carbon: this is a bug in carbon-mlops; please report it with the output above.");
        err.flush();
        return ExitCodes.CARBON_FAILED;
    }

    private static int handleParameterException(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("carbon: " + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        err.print(commandLine.getHelp().fullSynopsis());
        err.printf("Try '%s --help' for more information.%n", commandLine.getCommandSpec().qualifiedName());
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Gives commands with a {@code (CliEnvironment)} constructor the environment; the rest are built as usual. */
    private record Factory(CliEnvironment environment) implements IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            Constructor<K> withEnvironment;
            try {
                withEnvironment = type.getDeclaredConstructor(CliEnvironment.class);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
            return withEnvironment.newInstance(environment);
        }
    }
}
