package io.carbonmlops.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the agent's callables throw crosses remoting back to the controller, which deserializes it under its class
 * filter: it must be text only, naming no class of a library (shared-meter, JNA, Gson) and carrying no cause.
 */
class AgentFailureTest {
    /** JDK classes and the plugin's own exception: what the controller accepts from any agent. */
    private static final ObjectInputFilter JDK_AND_PLUGIN_ONLY = info -> {
        Class<?> type = info.serialClass();
        if (type == null || type.isPrimitive() || type.getName().startsWith("java.")
                || type == AgentFailure.class || type.isArray() && type.getComponentType().getName().startsWith("java.")) {
            return ObjectInputFilter.Status.UNDECIDED;
        }
        return ObjectInputFilter.Status.REJECTED;
    };

    @TempDir
    Path dir;

    @Test
    void aMeterThatCannotStartSendsBackItsReasonAsTextWithoutTheCause() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("occupied"), "a file where the journal directory should be");
        StartMeter start = new StartMeter(MeterRequest.of("m-1", 1.0, null, Map.of())
                .withJournalDirectory(notADirectory.toString()));

        Throwable failure = catchThrowable(start::call);

        assertThat(failure).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot start the energy meter on this agent: ")
                .hasMessageContaining(notADirectory.toString())
                .hasNoCause();
        assertThat(crossToController(failure)).hasMessage(failure.getMessage());
    }

    @Test
    void aStopThatFindsNoJournalSendsBackWhatIsMissingAsText() throws Exception {
        Path missing = dir.resolve("never.jsonl");

        Throwable failure = catchThrowable(() -> new StopMeter("never").invoke(missing.toFile(), null));

        assertThat(failure).isInstanceOf(IOException.class).hasNoCause()
                .hasMessageContaining("no energy was recorded for meter never").hasMessageContaining(missing.toString());
        assertThat(crossToController(failure)).hasMessage(failure.getMessage());
    }

    private static Throwable crossToController(Throwable thrown) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(thrown);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            in.setObjectInputFilter(JDK_AND_PLUGIN_ONLY);
            return (Throwable) in.readObject();
        }
    }
}
