package io.carbonmlops.meter;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
     * the charset decoder {@code Files.readString} runs. A plain {@link FileInputStream} rather than NIO's
     * {@code Files.newInputStream}: at one read every few seconds the poller's code stays interpreted, where the
     * NIO path costs about 4 times as much (35 against 10 µs a read; docs/benchmarks.md, "Meter overhead").
     */
    TextFileReader FILES = file -> {
        try (FileInputStream in = new FileInputStream(file.toFile())) {
            byte[] buffer = new byte[4096];
            int length = 0;
            for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
                if (length == buffer.length) {
                    buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        } catch (FileNotFoundException e) {
            throw noSuchFileOrDenied(file, e);
        }
    };

    /**
     * {@link FileInputStream} reports both a missing file and a denied one as {@link FileNotFoundException}; the
     * meter's messages tell them apart (RAPL's "permission denied" advice), so map them as NIO would.
     */
    private static IOException noSuchFileOrDenied(Path file, FileNotFoundException e) {
        if (!Files.exists(file)) {
            return new NoSuchFileException(file.toString());
        }
        if (!Files.isReadable(file)) {
            return new AccessDeniedException(file.toString());
        }
        return e;
    }
}
