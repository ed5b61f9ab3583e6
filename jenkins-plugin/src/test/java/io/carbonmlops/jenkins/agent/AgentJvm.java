package io.carbonmlops.jenkins.agent;

import hudson.FilePath;
import hudson.remoting.Callable;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A stand-in agent JVM for tests: reads Java-serialized callables from stdin, one per line, and runs them as
 * remoting would on an agent ({@code call <base64>} for a Callable, {@code invoke <path> <base64>} for a
 * FileCallable on that path). Answers {@code ok <base64 result>} or {@code error <message>}.
 */
public final class AgentJvm {
    private AgentJvm() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] words = line.split(" ");
            try {
                Object result = switch (words[0]) {
                    case "call" -> ((Callable<?, ?>) deserialize(words[1])).call();
                    case "invoke" -> ((FilePath.FileCallable<?>) deserialize(words[2])).invoke(new File(words[1]), null);
                    case "snapshot" -> {
                        AgentMeters.shared().snapshot(words[1]);
                        yield "snapshot taken";
                    }
                    default -> throw new IllegalArgumentException("unknown command " + words[0]);
                };
                System.out.println("ok " + encode(String.valueOf(result)));
            } catch (Throwable e) {
                System.out.println("error " + encode(e.getClass().getName() + ": " + e.getMessage()));
            }
            System.out.flush();
        }
    }

    private static Object deserialize(String base64) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return in.readObject();
        }
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
