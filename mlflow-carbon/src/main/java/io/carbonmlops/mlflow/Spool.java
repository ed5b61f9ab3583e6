package io.carbonmlops.mlflow;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.carbonmlops.meter.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Writes that could not be delivered, one JSON file per write ({@code <recordId>.json}), kept until a flush
 * delivers them. Files are written atomically (temp file + rename), so a crash leaves either the whole entry or none.
 * The directory is {@code $CARBON_SPOOL_DIR}, else {@code ~/.carbon/spool}. A write the server rejects for good
 * moves to {@code rejected/} (dead letters) with the server's answer: never resent, never deleted.
 *
 * <p>No secret is ever written here. Each entry names who may deliver it: the {@linkplain
 * io.carbonmlops.mlflow.client.MlflowCredentials#identity() identity} of the credentials it was first sent with
 * ({@code basic:<user>}, a fingerprint of a token, or {@code none}); a flush delivers only the entries for its own
 * server and identity, with its own credentials. Flushes hold {@link #LOCK_FILE} (a file lock between processes, a
 * lock within this JVM), so two flushes never send the same entry at once.
 */
public final class Spool {
    public static final String SPOOL_DIR_ENV = "CARBON_SPOOL_DIR";
    public static final String REJECTED_DIR = "rejected";
    public static final String LOCK_FILE = ".flush.lock";
    /** 2 adds the credentials identity and the run's end time; 1 (no identity) is still read and delivered. */
    static final int FORMAT_VERSION = 2;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeSpecialFloatingPointValues().create();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Map<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

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

    /**
     * One spooled write, why it is there, and its place in the delivery order.
     *
     * @param credentials the identity that may deliver it; {@code null} for entries of format 1 (any)
     */
    public record Entry(int formatVersion, RunWrite write, String credentials, String lastError, String spooledAt,
            Path file) {

        /** Whether a flush with credentials of {@code identity} may deliver it. */
        public boolean deliverableBy(String identity) {
            return credentials == null || credentials.equals(identity);
        }
    }

    private record StoredEntry(int formatVersion, RunWrite write, String credentials, String lastError,
            String spooledAt) {}

    /**
     * Stores the write with the identity of the credentials that may deliver it; returns its file. A write already
     * spooled keeps its place in the delivery order.
     */
    public Path put(RunWrite write, String credentials, String reason) {
        String spooledAt = existingOrder(write.recordId()).orElseGet(Spool::nextOrder);
        return store(directory, new StoredEntry(FORMAT_VERSION, write, credentials, reason, spooledAt), write.recordId());
    }

    /**
     * Moves the write to {@code rejected/} with the server's answer, out of the delivery order; returns its new file.
     * Kept for a person to inspect: once fixed, moving the file back into the spool directory resends it.
     */
    public Path reject(RunWrite write, String credentials, String serverAnswer) {
        String spooledAt = existingOrder(write.recordId()).orElseGet(Spool::nextOrder);
        Path file = store(rejectedDirectory(), new StoredEntry(FORMAT_VERSION, write, credentials, serverAnswer, spooledAt),
                write.recordId());
        remove(write.recordId());
        return file;
    }

    /** Where rejected writes are kept. */
    public Path rejectedDirectory() {
        return directory.resolve(REJECTED_DIR);
    }

    /**
     * Runs {@code work} holding the spool's flush lock, waiting up to {@code wait} for another holder (in this JVM or
     * another process) to finish; empty when it did not. The lock is released when {@code work} returns or throws,
     * and by the operating system when the process dies.
     */
    public <T> Optional<T> whileLocked(Duration wait, Supplier<T> work) {
        ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new ReentrantLock());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            if (!jvmLock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            Files.createDirectories(directory);
            try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE)) {
                FileLock lock = acquire(channel, deadline);
                if (lock == null) {
                    return Optional.empty();
                }
                try (lock) {
                    return Optional.ofNullable(work.get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock the spool " + directory + " (set " + SPOOL_DIR_ENV
                    + " to a writable directory)", e);
        } finally {
            jvmLock.unlock();
        }
    }

    private static FileLock acquire(FileChannel channel, long deadlineNanos) throws IOException {
        while (true) {
            FileLock lock = channel.tryLock();
            if (lock != null || System.nanoTime() >= deadlineNanos) {
                return lock;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    private static Path store(Path dir, StoredEntry entry, String recordId) {
        try {
            Files.createDirectories(dir);
            return AtomicFile.write(dir.resolve(recordId + ".json"), GSON.toJson(entry), AtomicFile.Access.OWNER_ONLY);
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
                    if (e == null || e.write() == null || e.formatVersion() < 1 || e.formatVersion() > FORMAT_VERSION) {
                        unreadable.add(file + ": not a spool entry of format 1 to " + FORMAT_VERSION);
                        continue;
                    }
                    entries.add(new Entry(e.formatVersion(), e.write(), e.formatVersion() == 1 ? null : e.credentials(),
                            e.lastError(), e.spooledAt(), file));
                } catch (NoSuchFileException gone) {
                    // delivered by another flush since the listing
                } catch (IOException | JsonParseException | IllegalArgumentException | NullPointerException e) {
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
