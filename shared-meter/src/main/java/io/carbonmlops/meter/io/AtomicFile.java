package io.carbonmlops.meter.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes a whole file so that readers see either the old content or the new one, never a half-written file: a
 * sibling temp file, then a rename. Spools, checkpoints and reports use it, so a crash or a full disk mid-write
 * leaves no truncated JSON that a later flush or verify would trip over.
 */
public final class AtomicFile {

    /** Who may read the written file. */
    public enum Access {
        /** rw------- : spooled records name runs and users; nobody else needs them. */
        OWNER_ONLY("rw-------"),
        /** rw-r--r-- : reports are no secret, and CI tools reading them may run as another user. */
        WORLD_READABLE("rw-r--r--");

        private final String posix;

        Access(String posix) {
            this.posix = posix;
        }
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code target} with {@code content} (UTF-8). The directory must exist: a mistyped path fails rather
     * than leaving new directories behind. Where the file system cannot rename atomically the rename still
     * replaces the file, only without the guarantee.
     */
    public static Path write(Path target, String content, Access access) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
        try {
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(access.posix));
            }
            Files.writeString(temp, content, StandardCharsets.UTF_8);
            try {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            return absolute;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
