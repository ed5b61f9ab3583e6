package io.carbonmlops.meter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a small text file such as a sysfs or procfs entry. Injected so tests can simulate failures that a
 * file tree cannot, such as {@code EACCES} on {@code energy_uj} when the tests run as root.
 */
@FunctionalInterface
public interface TextFileReader {
    String read(Path file) throws IOException;

    /**
     * The real file system. sysfs and procfs entries are ASCII, so bytes map to chars one to one; this skips
     * the charset decoder {@code Files.readString} runs, which matters at one read per second per source
     * because the poller's code stays interpreted at that rate (see the overhead benchmark in docs/meter.md).
     */
    TextFileReader FILES = file -> {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    };
}
