package io.carbonmlops.meter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a small text file such as a sysfs or procfs entry. Injected so tests can simulate failures that a
 * file tree cannot, such as {@code EACCES} on {@code energy_uj} when the tests run as root.
 */
@FunctionalInterface
public interface TextFileReader {
    String read(Path file) throws IOException;

    /** The real file system. */
    TextFileReader FILES = Files::readString;
}
