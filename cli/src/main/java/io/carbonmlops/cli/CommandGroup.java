package io.carbonmlops.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code carbon}, {@code carbon gate}, {@code carbon mlflow}). Run bare, it
 * prints its usage on stderr and fails as a usage error, so that a script missing its subcommand notices.
 */
abstract class CommandGroup implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }
}
