package io.carbonmlops.cli;

import io.carbonmlops.meter.report.MeterVersion;
import picocli.CommandLine.IVersionProvider;

/** {@code carbon --version}: the suite version (the one recorded in every measurement) and the Java runtime. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "carbon-mlops " + MeterVersion.get(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")",
        };
    }
}
