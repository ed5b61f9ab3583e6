package io.carbonmlops.jenkins.agent;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectStreamClass;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A stand-in agent JVM for tests: reads Java-serialized callables from stdin, one per line, and runs them as
 * remoting would on an agent ({@code call <base64>} for a Callable, {@code invoke <path> <base64>} for a
 * FileCallable on that path). Answers {@code ok <base64 result>} or {@code error <message>}. {@code reconnect}
 * loads the classes anew, in a class loader of their own, as remoting does for each connection to the controller.
 */
public final class AgentJvm {
    private static ClassLoader connection = AgentJvm.class.getClassLoader();

    private AgentJvm() {}

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        System.out.println("ready");
        System.out.flush();
        for (String line = in.readLine(); line != null && !line.equals("exit"); line = in.readLine()) {
            String[] words = line.split(" ");
            try {
                Object result = switch (words[0]) {
                    case "call" -> run(deserialize(words[1]), "call");
                    case "invoke" -> run(deserialize(words[2]), "invoke", new File(words[1]), null);
                    case "snapshot" -> {
                        Object meters = Class.forName(AgentMeters.class.getName(), true, connection).getMethod("shared").invoke(null);
                        meters.getClass().getMethod("snapshot", String.class).invoke(meters, words[1]);
                        yield "snapshot taken";
                    }
                    case "reconnect" -> {
                        connection = new URLClassLoader(classPath(), ClassLoader.getPlatformClassLoader());
                        yield "reconnected";
                    }
                    default -> throw new IllegalArgumentException("unknown command " + words[0]);
                };
                System.out.println("ok " + encode(String.valueOf(result)));
            } catch (Throwable e) {
                Throwable failure = e instanceof InvocationTargetException ? e.getCause() : e;
                System.out.println("error " + encode(failure.getClass().getName() + ": " + failure.getMessage()));
            }
            System.out.flush();
        }
    }

    /** Deserializes with the current connection's classes, as remoting's class loader of that channel would. */
    private static Object deserialize(String base64) throws Exception {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64))) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, connection);
            }
        }) {
            return in.readObject();
        }
    }

    /** Calls the callable's method by name: its interface is the connection's class, not this class's. */
    private static Object run(Object callable, String method, Object... args) throws Exception {
        for (Method m : callable.getClass().getMethods()) {
            if (m.getName().equals(method) && m.getParameterCount() == args.length && !m.isBridge()) {
                return m.invoke(callable, args);
            }
        }
        throw new IllegalArgumentException(callable.getClass() + " has no " + method);
    }

    private static URL[] classPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(new File(entry).toURI().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
