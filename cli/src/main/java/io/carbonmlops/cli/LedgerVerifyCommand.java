package io.carbonmlops.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.verify.Anchor;
import io.carbonmlops.ledger.verify.ChainBreak;
import io.carbonmlops.ledger.verify.Checkpoint;
import io.carbonmlops.ledger.verify.CheckpointFile;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import io.carbonmlops.ledger.verify.VerificationReport;
import io.carbonmlops.ledger.verify.VerifyOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon ledger verify}: recompute every hash and signature; name the first broken entry. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Recompute every hash and signature of the ledger and name the first broken entry.",
        description = {"Checks, in seq order: no seq is missing, each entry's contents hash to its stored hash, each "
                + "prev_hash is the hash of the entry before, the indexed columns match the signed payload, and each "
                + "signature verifies with its key. With --trust, a key not in the list is a break; without, keys "
                + "come from the ledger itself, which proves entries intact but not who made them.",
            "",
            "Exit 0: intact. Exit 3: broken; the first broken entry is named. Exit 1: the ledger could not be read."})
final class LedgerVerifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LedgerLocationOption location;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First entry (default: 1).")
    long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last entry (default: the head).")
    Long to;

    @Option(names = "--trust", paramLabel = "FILE",
            description = "Trust list (trust: [{name, public_key}]); default: CARBON_LEDGER_TRUST.")
    Path trustFile;

    @Option(names = "--require-signed", description = "An unsigned entry is a break.")
    boolean requireSigned;

    @Option(names = "--anchor", paramLabel = "SEQ:HASH",
            description = "A head recorded earlier ('carbon ledger head'): entry SEQ must still have HASH.")
    String anchor;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "Read the checkpoint of an earlier verification from FILE (signatures up to it are not "
                    + "checked again while its hash still matches) and write the new one there when intact.")
    Path checkpointFile;

    @Option(names = "--threads", paramLabel = "N", description = "Threads checking signatures (default: one per core).")
    Integer threads;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    private final CliEnvironment environment;

    LedgerVerifyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        Optional<TrustList> trust = LedgerCommand.trust(trustFile, environment);
        VerifyOptions options = options(trust);
        if (checkpointFile != null) {
            Optional<Checkpoint> checkpoint;
            try {
                checkpoint = CheckpointFile.read(checkpointFile);
            } catch (IOException e) {
                throw new CarbonException(ExitCodes.USAGE, e.getMessage(), e);
            }
            if (checkpoint.isPresent()) {
                options = options.withCheckpoint(checkpoint.get());
            }
        }
        VerificationReport report;
        String ledger;
        try (LedgerStore store = location.openExisting(environment)) {
            ledger = store.describe();
            report = LedgerVerifier.verify(store, options);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls().create()
                    .toJson(toJson(ledger, report)));
        } else {
            print(out, ledger, report);
        }
        out.flush();
        if (report.intact() && checkpointFile != null && report.checkpoint().isPresent()) {
            try {
                CheckpointFile.write(checkpointFile, report.checkpoint().get());
            } catch (IOException e) {
                throw new CarbonException(ExitCodes.FAILURE, "cannot write the checkpoint " + checkpointFile + " ("
                        + e + "); the verification above holds, but the next one will check every signature again", e);
            }
        }
        return report.intact() ? ExitCodes.OK : ExitCodes.LEDGER_BROKEN;
    }

    private VerifyOptions options(Optional<TrustList> trust) {
        try {
            VerifyOptions options = VerifyOptions.all().range(from, to == null ? Long.MAX_VALUE : to)
                    .requiringSignatures(requireSigned);
            if (trust.isPresent()) {
                options = options.trusting(trust.get());
            }
            if (anchor != null) {
                options = options.withAnchor(Anchor.parse(anchor));
            }
            return threads == null ? options : options.withThreads(threads);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static void print(PrintWriter out, String ledger, VerificationReport report) {
        if (report.intact()) {
            out.printf("ledger %s: intact, %d entries checked%s%n", ledger, report.entriesChecked(),
                    report.entriesChecked() == 0 ? "" : " (up to seq " + report.lastSeq() + ")");
        } else {
            ChainBreak broken = report.firstBreak().get();
            out.printf("ledger %s: BROKEN at %s%n", ledger, broken.describe());
            out.printf("  %d entries before it are intact%n", report.entriesChecked());
        }
        signers(report).forEach((label, count) -> out.printf("  %s: %d%n", label, count));
        if (report.unsigned() > 0) {
            out.printf("  unsigned (no carbon record for a gate): %d%n", report.unsigned());
        }
        if (report.intact() && report.entriesChecked() > 0) {
            out.printf("  head: %d:%s (keep it outside the ledger; verify --anchor checks it later)%n",
                    report.lastSeq(), report.lastHash());
        }
        report.notes().forEach(note -> out.println("  note: " + note));
    }

    private static Map<String, Long> signers(VerificationReport report) {
        Map<String, Long> labelled = new TreeMap<>();
        report.entriesByKey().forEach((keyId, count) -> labelled.put("signed by " + Optional.ofNullable(
                report.signerNames().get(keyId)).map(name -> name + " (key " + PublicKeys.shortId(keyId) + ")")
                .orElse("key " + PublicKeys.shortId(keyId)), count));
        return labelled;
    }

    private static JsonObject toJson(String ledger, VerificationReport report) {
        JsonObject json = new JsonObject();
        json.addProperty("ledger", ledger);
        json.addProperty("intact", report.intact());
        json.addProperty("entries_checked", report.entriesChecked());
        json.addProperty("last_seq", report.lastSeq());
        json.addProperty("last_hash", report.lastHash());
        report.firstBreak().ifPresentOrElse(broken -> {
            JsonObject b = new JsonObject();
            b.addProperty("seq", broken.seq());
            b.addProperty("entry_id", broken.entryId());
            b.addProperty("reason", broken.reason().name().toLowerCase(Locale.ROOT));
            b.addProperty("detail", broken.detail());
            json.add("first_break", b);
        }, () -> json.add("first_break", null));
        JsonObject keys = new JsonObject();
        report.entriesByKey().forEach((keyId, count) -> {
            JsonObject k = new JsonObject();
            k.addProperty("entries", count);
            k.addProperty("name", report.signerNames().get(keyId));
            keys.add(keyId, k);
        });
        json.add("signers", keys);
        json.addProperty("unsigned", report.unsigned());
        json.addProperty("signatures_reused_from_checkpoint", report.signaturesReused());
        JsonArray notes = new JsonArray();
        report.notes().forEach(notes::add);
        json.add("notes", notes);
        return json;
    }
}
