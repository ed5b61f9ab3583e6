package io.carbonmlops.meter.report;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The carbon-mlops version recorded in every measurement. Read from the {@code pom.properties} Maven puts in the
 * shared-meter jar (also kept inside the shaded CLI jar); running from a build's class folders gives "development".
 */
public final class MeterVersion {
    private static final String POM_PROPERTIES = "/META-INF/maven/io.carbonmlops/shared-meter/pom.properties";
    private static final String VERSION = load();

    private MeterVersion() {}

    public static String get() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = MeterVersion.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                return "development";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "development");
        } catch (IOException e) {
            return "development";
        }
    }
}
