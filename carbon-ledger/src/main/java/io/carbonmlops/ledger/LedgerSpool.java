package io.carbonmlops.ledger;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.carbonmlops.meter.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Signed entries that could not be appended yet, one file per entry ({@code <entryId>.json}), kept until a flush
 * appends them. One folder per ledger ({@code <dir>/<first 16 hex digits of SHA-256 of the redacted location>/}, with
 * a {@code ledger.txt} naming it), so entries meant for one ledger never land in another. Files are written
 * atomically (temp file, then rename): a crash leaves the whole entry or none. An entry the ledger refuses for good
 * (its id taken by another record) moves to {@code rejected/} with the reason, never deleted.
 *
 * <p>Exactly once: the store keeps each entry id once, so a flush that appended an entry and crashed before
 * deleting its file finds it already present next time and only deletes the file.
 */
public final class LedgerSpool {
    public static final String SPOOL_DIR_ENV = "CARBON_LEDGER_SPOOL_DIR";
    public static final String REJECTED_DIR = "rejected";
    static final int FORMAT_VERSION = 1;
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create();
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path directory;
    private final String ledger;

    /**
     * @param base   the spool root ({@code CARBON_LEDGER_SPOOL_DIR}, else {@code ~/.carbon/ledger-spool})
     * @param ledger the ledger's redacted location
     */
    public LedgerSpool(Path base, String ledger) {
        String folder = HexFormat.of().formatHex(ChainHash.sha256().digest(ledger.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        this.directory = base.resolve(folder);
        this.ledger = ledger;
    }

    /** The default spool root: {@code ~/.carbon/ledger-spool}. */
    public static Path defaultBase() {
        return Path.of(System.getProperty("user.home"), ".carbon", "ledger-spool");
    }

    public Path directory() {
        return directory;
    }

    /** One spooled entry and its file. */
    public record Spooled(SignedEntry entry, String spooledAt, String lastError, Path file) {}

    private record StoredFile(int formatVersion, String ledger, String spooledAt, String lastError, String entryId,
            String payload, String keyId, String publicKey, String signature) {}

    /**
     * Keeps the entry; returns its file. An entry already spooled keeps its place in the order.
     *
     * @throws UncheckedIOException naming the folder and the remedy when it cannot be written
     */
    public Path put(SignedEntry entry, String reason) {
        String spooledAt = existing(entry.entryId()).map(Spooled::spooledAt).orElseGet(LedgerSpool::nextOrder);
        return store(directory, entry, reason, spooledAt);
    }

    /** Moves the entry to {@code rejected/} with the reason; returns its new file. */
    public Path reject(Spooled spooled, String reason) {
        Path file = store(directory.resolve(REJECTED_DIR), spooled.entry(), reason, spooled.spooledAt());
        remove(spooled);
        return file;
    }

    /** Deletes the file the entry was read from (whatever its name: a copied or renamed file too). */
    public void remove(Spooled spooled) {
        try {
            Files.deleteIfExists(spooled.file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + spooled.file() + " from the ledger spool", e);
        }
    }

    private Path store(Path dir, SignedEntry entry, String reason, String spooledAt) {
        try {
            Files.createDirectories(dir);
            Path marker = directory.resolve("ledger.txt");
            if (!Files.exists(marker)) {
                Files.writeString(marker, ledger + "\n", StandardCharsets.UTF_8);
            }
            StoredFile stored = new StoredFile(FORMAT_VERSION, ledger, spooledAt, reason, entry.entryId().toString(),
                    entry.payload(), entry.keyId(), entry.publicKey(), entry.signature());
            return AtomicFile.write(dir.resolve(entry.entryId() + ".json"), GSON.toJson(stored),
                    AtomicFile.Access.OWNER_ONLY);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the ledger spool " + dir + " (set " + SPOOL_DIR_ENV
                    + " to a writable directory)", e);
        }
    }

    /** All spooled entries, oldest first; unreadable files are named in {@code unreadable} and left in place. */
    public List<Spooled> entries(List<String> unreadable) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<Spooled> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                read(file, unreadable).ifPresent(entries::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the ledger spool " + directory, e);
        }
        entries.sort(Comparator.comparing(Spooled::spooledAt));
        return entries;
    }

    private Optional<Spooled> read(Path file, List<String> unreadable) {
        try {
            StoredFile stored = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), StoredFile.class);
            if (stored == null || stored.formatVersion() != FORMAT_VERSION || stored.payload() == null
                    || stored.spooledAt() == null) {
                unreadable.add(file + ": not a ledger spool entry of format " + FORMAT_VERSION);
                return Optional.empty();
            }
            SignedEntry entry = new SignedEntry(UUID.fromString(stored.entryId()), stored.payload(), stored.keyId(),
                    stored.publicKey(), stored.signature());
            return Optional.of(new Spooled(entry, stored.spooledAt(), stored.lastError(), file));
        } catch (IOException | JsonParseException | IllegalArgumentException | NullPointerException e) {
            unreadable.add(file + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    private Optional<Spooled> existing(UUID entryId) {
        Path file = directory.resolve(entryId + ".json");
        return Files.isRegularFile(file) ? read(file, new ArrayList<>()) : Optional.empty();
    }

    public int size() {
        return entries(new ArrayList<>()).size();
    }

    public void remove(UUID entryId) {
        try {
            Files.deleteIfExists(directory.resolve(entryId + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove entry " + entryId + " from the ledger spool " + directory, e);
        }
    }

    /** Sortable: epoch milliseconds, then a per-process counter for entries within one millisecond. */
    private static String nextOrder() {
        return String.format(Locale.ROOT, "%013d-%09d", Instant.now().toEpochMilli(), SEQUENCE.incrementAndGet());
    }
}
