package io.carbonmlops.meter.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

    @TempDir
    Path dir;

    @Test
    void replacesTheContentAndLeavesNoTempFileBehind() throws IOException {
        Path file = dir.resolve("entry.json");
        Files.writeString(file, "{\"old\": true}");

        AtomicFile.write(file, "{\"new\": true}", AtomicFile.Access.OWNER_ONLY);

        assertThat(file).hasContent("{\"new\": true}");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void setsThePermissionsTheCallerAsksFor() throws IOException {
        Path secret = AtomicFile.write(dir.resolve("spooled.json"), "{}", AtomicFile.Access.OWNER_ONLY);
        Path report = AtomicFile.write(dir.resolve("report.json"), "{}", AtomicFile.Access.WORLD_READABLE);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(report))).isEqualTo("rw-r--r--");
    }

    @Test
    void aMissingDirectoryFailsInsteadOfBeingCreated() {
        Path missing = dir.resolve("no-such-dir").resolve("x.json");

        assertThatThrownBy(() -> AtomicFile.write(missing, "{}", AtomicFile.Access.OWNER_ONLY))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(dir.resolve("no-such-dir")).doesNotExist();
    }
}
