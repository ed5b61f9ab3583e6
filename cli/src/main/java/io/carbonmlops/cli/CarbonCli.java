package io.carbonmlops.cli;

/** Entry point of the {@code carbon} command line. */
public final class CarbonCli {
    private CarbonCli() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
