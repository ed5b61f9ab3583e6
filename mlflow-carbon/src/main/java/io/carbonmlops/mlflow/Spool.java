package io.carbonmlops.mlflow;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes that could not be delivered, one JSON file per write ({@code <recordId>.json}), kept until a flush
 * delivers them. Files are written atomically (temp file + rename), so a crash leaves either the whole entry or none.
 * The directory is {@code $CARBON_SPOOL_DIR}, else {@code ~/.carbon/spool}. A write the server rejects for good
 * moves to {@code rejected/} (dead letters) with the server's answer: never resent, never deleted.
 */
public final class Spool {
    public static final String SPOOL_DIR_ENV = "CARBON_SPOOL_DIR";
    public static final String REJECTED_DIR = "rejected";
    static final int FORMAT_VERSION = 1;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;

    public Spool(Path directory) {
        this.directory = directory;
    }

    public static Spool fromEnvironment(Map<String, String> env) {
        String dir = env.get(SPOOL_DIR_ENV);
        if (dir != null && !dir.isBlank()) {
            return new Spool(Path.of(dir));
        }
        return new Spool(Path.of(System.getProperty("user.home"), ".carbon", "spool"));
    }

    public Path directory() {
        return directory;
    }

    /** One spooled write, why it is there, and its place in the delivery order. */
    public record Entry(int formatVersion, RunWrite write, String lastError, String spooledAt, Path file) {}

    private record StoredEntry(int formatVersion, RunWrite write, String lastError, String spooledAt) {}

    /** Stores the write; returns its file. A write already spooled keeps its place in the delivery order. */
    public Path put(RunWrite write, String reason) {
        String spooledAt = existingOrder(write.recordId()).orElseGet(Spool::nextOrder);
        return store(directory, write, reason, spooledAt);
    }

    /**
     * Moves the write to {@code rejected/} with the server's answer, out of the delivery order; returns its new file.
     * Kept for a person to inspect: once fixed, moving the file back into the spool directory resends it.
     */
    public Path reject(RunWrite write, String serverAnswer) {
        String spooledAt = existingOrder(write.recordId()).orElseGet(Spool::nextOrder);
        Path file = store(rejectedDirectory(), write, serverAnswer, spooledAt);
        remove(write.recordId());
        return file;
    }

    /** Where rejected writes are kept. */
    public Path rejectedDirectory() {
        return directory.resolve(REJECTED_DIR);
    }

    private static Path store(Path dir, RunWrite write, String reason, String spooledAt) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(write.recordId() + ".json");
            Path temp = Files.createTempFile(dir, ".spool-", ".tmp");
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            String json = GSON.toJson(new StoredEntry(FORMAT_VERSION, write, reason, spooledAt));
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the spool " + dir + " (set " + SPOOL_DIR_ENV
                    + " to a writable directory)", e);
        }
    }

    /** All entries, oldest first. Unreadable files are reported in {@code unreadable} and left in place. */
    public List<Entry> entries(List<String> unreadable) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    StoredEntry e = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StoredEntry.class);
                    if (e == null || e.write() == null || e.formatVersion() != FORMAT_VERSION) {
                        unreadable.add(file + ": not a spool entry of format " + FORMAT_VERSION);
                        continue;
                    }
                    entries.add(new Entry(e.formatVersion(), e.write(), e.lastError(), e.spooledAt(), file));
                } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
                    unreadable.add(file + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the spool " + directory, e);
        }
        entries.sort(Comparator.comparing(Entry::spooledAt, Comparator.nullsFirst(Comparator.naturalOrder())));
        return entries;
    }

    /** Sortable: epoch milliseconds, then a per-process sequence number for writes within one millisecond. */
    private static String nextOrder() {
        return String.format(Locale.ROOT, "%013d-%09d", Instant.now().toEpochMilli(), SEQUENCE.incrementAndGet());
    }

    private Optional<String> existingOrder(String recordId) {
        Path file = fileOf(recordId);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            StoredEntry e = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StoredEntry.class);
            return Optional.ofNullable(e == null ? null : e.spooledAt());
        } catch (IOException | JsonParseException e) {
            return Optional.empty();
        }
    }

    public int size() {
        return entries(new ArrayList<>()).size();
    }

    public void remove(String recordId) {
        try {
            Files.deleteIfExists(fileOf(recordId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + recordId + " from the spool " + directory, e);
        }
    }

    private Path fileOf(String recordId) {
        return directory.resolve(recordId + ".json");
    }
}
