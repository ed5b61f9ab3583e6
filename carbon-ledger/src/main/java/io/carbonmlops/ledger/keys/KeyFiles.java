package io.carbonmlops.ledger.keys;

import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes a new key pair as {@code DIR/NAME.key} (PKCS#8 PEM, mode 0600 from the moment it is created) and
 * {@code DIR/NAME.pub} (PEM SubjectPublicKeyInfo). Never overwrites: an existing file is an error.
 */
public final class KeyFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);

    private KeyFiles() {}

    /** Where a pair is written. */
    public record KeyPairFiles(Path privateKey, Path publicKey) {}

    /**
     * @throws IllegalArgumentException for a name other than letters, digits, '.', '_' and '-'
     * @throws FileAlreadyExistsException when either file exists (nothing is written then)
     */
    public static KeyPairFiles writeNew(Path dir, String name, SigningKey key) throws IOException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("key name '" + name + "' must be 1 to 64 letters, digits, '.', '_' or "
                    + "'-', starting with a letter or digit");
        }
        KeyPairFiles files = new KeyPairFiles(dir.resolve(name + ".key"), dir.resolve(name + ".pub"));
        for (Path file : new Path[] {files.privateKey(), files.publicKey()}) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString(), null,
                        "refusing to overwrite a key file; choose another --name or --out");
            }
        }
        createDirectories(dir);
        writeNewFile(files.privateKey(), key.toPem(), true);
        try {
            writeNewFile(files.publicKey(), PublicKeys.toPem(key.publicKey()), false);
        } catch (IOException e) {
            Files.deleteIfExists(files.privateKey());
            throw e;
        }
        return files;
    }

    private static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (posix(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void writeNewFile(Path file, String text, boolean secret) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        FileAttribute<?>[] attributes = secret && posix(file.getParent())
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        try (SeekableByteChannel channel = Files.newByteChannel(file, options, attributes);
                Writer writer = Channels.newWriter(channel, StandardCharsets.US_ASCII)) {
            writer.write(text);
        }
    }

    private static boolean posix(Path dir) {
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return (existing == null ? Path.of("") : existing).getFileSystem().supportedFileAttributeViews()
                .contains("posix");
    }

    /** True when a key file's mode lets users other than its owner read it. */
    public static boolean readableByOthers(Path keyFile) {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(keyFile);
            return mode.contains(PosixFilePermission.GROUP_READ) || mode.contains(PosixFilePermission.OTHERS_READ);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
