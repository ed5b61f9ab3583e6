package io.carbonmlops.cli;

import java.util.List;
import java.util.Set;

/**
 * What an MLflow run's "Source" ({@code mlflow.source.name}) shows for a command carbon wraps: the script an
 * interpreter runs ({@code python3 train.py} shows {@code train.py}, as MLflow's own client would from inside the
 * script), {@code -m module} as the module, else the program itself.
 */
final class SourceName {
    private static final Set<String> INTERPRETERS = Set.of("python", "python2", "python3", "bash", "sh", "zsh", "dash",
            "node", "Rscript", "R", "ruby", "perl", "julia", "uv", "poetry", "conda");
    /** Launchers whose next word is a subcommand ({@code uv run train.py}, {@code poetry run python train.py}). */
    private static final Set<String> SUBCOMMANDS = Set.of("run");

    private SourceName() {}

    static String of(List<String> command) {
        if (command.isEmpty()) {
            return null;
        }
        int i = 0;
        while (i + 1 < command.size() && isInterpreter(command.get(i))) {
            String interpreter = command.get(i++);
            for (; i < command.size() && (command.get(i).startsWith("-") || SUBCOMMANDS.contains(command.get(i))); i++) {
                if (command.get(i).equals("-m") && i + 1 < command.size()) {
                    return command.get(i + 1);
                }
                if (command.get(i).equals("-c")) {
                    return baseName(interpreter) + " -c";
                }
            }
            if (i == command.size()) {
                return interpreter;
            }
        }
        return command.get(i);
    }

    private static boolean isInterpreter(String program) {
        String name = baseName(program);
        return INTERPRETERS.contains(name) || name.matches("python\\d+(\\.\\d+)?");
    }

    private static String baseName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
