package io.carbonmlops.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The measured command: started with carbon's stdin, stdout and stderr, and stopped on request.
 *
 * <p>Stopping ({@link #stop}) follows what a terminal and a CI server do: SIGTERM (or SIGHUP) sent to carbon alone is
 * forwarded to the command as SIGTERM; SIGINT from a terminal already reached the command through its process group,
 * so carbon gives it the grace period to finish before sending SIGTERM. A command still alive a grace period after
 * SIGTERM, or a second stop request, gets SIGKILL. SIGTERM goes to the direct child only, as a shell would send it,
 * so the command can stop its own children; SIGKILL also goes to its descendants, which could not be cleaned up
 * after it otherwise.
 *
 * <p>Thread-safe: {@link #stop} runs on signal-handler or shutdown-hook threads while {@link #waitFor} blocks.
 */
final class SupervisedProcess {
    private final Duration gracePeriod;
    private Process process;
    private String stopSignal;
    private int stopRequests;

    SupervisedProcess(Duration gracePeriod) {
        this.gracePeriod = gracePeriod;
    }

    /**
     * Starts the command, unless a stop was requested before it could start.
     *
     * @param extraEnvironment added to carbon's own environment
     * @throws IOException when the command cannot be started (not found, not executable)
     */
    synchronized boolean start(List<String> command, Map<String, String> extraEnvironment) throws IOException {
        if (stopSignal != null) {
            return false;
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(extraEnvironment);
        process = builder.start();
        return true;
    }

    /** Waits for the command; its exit code, 128 + N when signal N killed it (Java reports it so on Unix). */
    int waitFor() throws InterruptedException {
        return process().waitFor();
    }

    /** The signal carbon stopped the command for, if it did. */
    synchronized Optional<String> stopSignal() {
        return Optional.ofNullable(stopSignal);
    }

    /**
     * Stops the command because carbon received {@code signal} ("SIGINT", "SIGTERM", "SIGHUP"); returns once the
     * command has ended or the escalation is done. Safe to call before the start and more than once.
     */
    void stop(String signal) {
        Process running;
        boolean first;
        synchronized (this) {
            first = stopRequests++ == 0;
            if (stopSignal == null) {
                stopSignal = signal;
            }
            running = process;
        }
        if (running == null) {
            return;
        }
        if (!first) {
            kill(running);
            return;
        }
        if ("SIGINT".equals(signal) && endsWithin(running, gracePeriod)) {
            return;
        }
        running.destroy(); // SIGTERM on Unix
        if (!endsWithin(running, gracePeriod)) {
            kill(running);
        }
    }

    /** SIGKILL to the command and every descendant (listed first: once the parent dies they are reparented). */
    private static void kill(Process running) {
        List<ProcessHandle> descendants = running.descendants().toList();
        running.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

    private synchronized Process process() {
        if (process == null) {
            throw new IllegalStateException("the command was not started");
        }
        return process;
    }

    private static boolean endsWithin(Process running, Duration timeout) {
        try {
            return running.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
