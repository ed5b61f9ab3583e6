package io.carbonmlops.jenkins.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Java process the tests start (controller, agent) in a process group of its own, under a shell watchdog that takes
 * the whole group down if this JVM dies without cleaning up (a killed surefire fork). The process itself may die or
 * be killed alone (an agent crash): the group then stays, with whatever the process started (a build's shell).
 */
final class ChildProcess {
    private static final String WATCHDOG = String.join("\n",
            "jvm=$1; shift",
            "\"$@\" &",
            "child=$!",
            "while kill -0 \"$jvm\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done",
            "kill -0 \"$jvm\" 2>/dev/null || kill -KILL -$$");

    private final Process watchdog;

    private ChildProcess(Process watchdog) {
        this.watchdog = watchdog;
    }

    static ChildProcess start(List<String> command, Map<String, String> env, Path directory, Path log) {
        List<String> full = new ArrayList<>(List.of("setsid", "sh", "-c", WATCHDOG, "e2e-watchdog",
                Long.toString(ProcessHandle.current().pid())));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(env);
        try {
            return new ChildProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0) + " (is setsid installed?)", e);
        }
    }

    /** The process group: the watchdog's id, since setsid made it the group's leader. */
    long group() {
        return watchdog.pid();
    }

    /** The Java process under the watchdog, once it is there (the watchdog's other child is its {@code sleep}). */
    Optional<ProcessHandle> java() {
        return watchdog.toHandle().children()
                .filter(child -> child.info().command().map(command -> command.endsWith("/java")).orElse(false))
                .findFirst();
    }

    boolean isAlive() {
        return java().map(ProcessHandle::isAlive).orElse(watchdog.isAlive());
    }

    /** SIGTERM to the Java process alone (a clean shutdown), waiting for it to exit. */
    void terminate(long timeoutSeconds) {
        java().ifPresent(java -> {
            java.destroy();
            try {
                java.onExit().get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (Exception e) {
                java.destroyForcibly();
            }
        });
        awaitWatchdog();
    }

    /** SIGKILL to the Java process alone, as a crash: what it started keeps running. */
    void kill() {
        java().ifPresent(java -> {
            java.destroyForcibly();
            java.onExit().join();
        });
        awaitWatchdog();
    }

    /** Kills the whole group (the process and everything it started). */
    static void killGroup(long group) {
        for (String signal : List.of("TERM", "KILL")) {
            try {
                new ProcessBuilder("kill", "-" + signal, "--", "-" + group).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
                Thread.sleep(300);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitWatchdog() {
        try {
            watchdog.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
