package io.carbonmlops.ledger.verify;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import io.carbonmlops.meter.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A {@link Checkpoint} kept in a JSON file by the verifier (never in the ledger it vouches for). */
public final class CheckpointFile {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private CheckpointFile() {}

    /**
     * The checkpoint in {@code file}; empty when the file does not exist.
     *
     * @throws IOException when it exists but is not a checkpoint (the message names the file)
     */
    public static Optional<Checkpoint> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("checkpoint " + file + " cannot be read (" + e + "); give the checkpoint file, or a "
                    + "new path to start one", e);
        }
        try {
            Checkpoint checkpoint = GSON.fromJson(text, Checkpoint.class);
            if (checkpoint == null || checkpoint.ledger() == null || checkpoint.entryHash() == null
                    || checkpoint.trustFingerprint() == null) {
                throw new IOException("checkpoint " + file + " is incomplete; delete it to verify everything again");
            }
            new Anchor(checkpoint.seq(), checkpoint.entryHash()); // validates both
            return Optional.of(checkpoint);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException("checkpoint " + file + " is not a checkpoint (" + e.getMessage() + "); delete it to "
                    + "verify everything again", e);
        }
    }

    /** Replaces the file atomically. */
    public static void write(Path file, Checkpoint checkpoint) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        AtomicFile.write(absolute, GSON.toJson(checkpoint) + "\n", AtomicFile.Access.OWNER_ONLY);
    }
}
