package io.carbonmlops.jenkins.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.net.ServerSocket;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ledger's PostgreSQL store loaded as Jenkins loads a plugin: in a class loader of its own, with the JDBC driver
 * inside it. {@code DriverManager} answers "No suitable driver" there (it only hands out drivers registered from a
 * loader its caller can see), so the store must use the driver directly; a refused connection proves the driver ran.
 */
class PostgresDriverInPluginClassLoaderTest {
    @Test
    void theDriverInsideThePluginsClassLoaderIsUsed() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (URLClassLoader plugin = new URLClassLoader(ledgerClassPath(), ClassLoader.getPlatformClassLoader())) {
            Class<?> locations = Class.forName("io.carbonmlops.ledger.store.LedgerLocation", true, plugin);
            Object location = locations.getMethod("parse", String.class)
                    .invoke(null, "postgresql://carbon@127.0.0.1:" + closedPort + "/carbon_ledger");
            Class<?> stores = Class.forName("io.carbonmlops.ledger.store.LedgerStores", true, plugin);

            Throwable failure = null;
            try {
                stores.getMethod("open", locations, Duration.class).invoke(null, location, Duration.ofSeconds(2));
            } catch (InvocationTargetException e) {
                failure = e.getCause();
            }

            assertThat(failure).as("nothing listens there").isNotNull();
            assertThat(messages(failure)).doesNotContain("No suitable driver").containsIgnoringCase("refused");
        }
    }

    /** carbon-ledger and what it needs, as the plugin bundles them, without this test's own class loader. */
    private static URL[] ledgerClassPath() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.matches(".*(carbon-ledger|postgresql|shared-meter|gson|snakeyaml|sqlite-jdbc|checker-qual).*")
                    && !entry.contains("test-classes") && !entry.contains("tests.jar")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        assertThat(urls).as("the ledger's jars on the test class path").isNotEmpty();
        return urls.toArray(URL[]::new);
    }

    private static String messages(Throwable failure) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getClass().getName()).append(": ").append(t.getMessage()).append('\n');
        }
        return text.toString();
    }
}
