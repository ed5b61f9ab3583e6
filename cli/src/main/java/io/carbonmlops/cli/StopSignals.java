package io.carbonmlops.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Catches SIGINT, SIGTERM and SIGHUP while a command is measured, so that carbon can stop the command and still
 * write the measurement, instead of the JVM's default of exiting at once. Each signal is handled on its own thread
 * (the JVM starts one per delivery), so a handler may block. {@link #close()} restores the previous handlers.
 *
 * <p>sun.misc.Signal (module jdk.unsupported) is the only way a Java program learns which signal arrived; where
 * it is unavailable (a JVM started with -Xrs) the caller's shutdown hook still stops the command.
 */
final class StopSignals implements AutoCloseable {
    private static final List<String> NAMES = List.of("INT", "TERM", "HUP");

    private final List<Signal> signals = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private StopSignals() {}

    /** Installs {@code onSignal} (called with "SIGINT", "SIGTERM" or "SIGHUP") for every signal the JVM lets us catch. */
    static StopSignals install(Consumer<String> onSignal) {
        StopSignals installed = new StopSignals();
        for (String name : NAMES) {
            try {
                Signal signal = new Signal(name);
                SignalHandler old = Signal.handle(signal, caught -> onSignal.accept("SIG" + caught.getName()));
                if (old == SignalHandler.SIG_IGN) {
                    Signal.handle(signal, old); // ignored on purpose (nohup, a background job): keep it ignored
                    continue;
                }
                installed.signals.add(signal);
                installed.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Reserved by the JVM (-Xrs) or unknown on this OS: the shutdown hook covers it.
            }
        }
        return installed;
    }

    @Override
    public void close() {
        for (int i = 0; i < signals.size(); i++) {
            Signal.handle(signals.get(i), previous.get(i));
        }
    }
}
