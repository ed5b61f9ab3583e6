package io.carbonmlops.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.carbonmlops.ledger.LedgerExport;
import io.carbonmlops.ledger.StoredEntry;
import io.carbonmlops.ledger.keys.PublicKeys;
import io.carbonmlops.ledger.keys.TrustList;
import io.carbonmlops.ledger.store.EntryQuery;
import io.carbonmlops.ledger.store.LedgerStore;
import io.carbonmlops.ledger.verify.EntryVerdict;
import io.carbonmlops.ledger.verify.LedgerVerifier;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carbon ledger show RUN_ID}: the entries of one MLflow run, each checked on its own. */
@Command(name = "show", mixinStandardHelpOptions = true,
        header = "List the ledger entries of an MLflow run, each with its figures, signer and status.",
        description = {"Status: 'trusted' (intact, signed by a key of the trust list), 'untrusted key' (intact, "
                + "signed by another key), 'unsigned', or 'INVALID' (its hash, columns or signature do not hold). Only "
                + "trusted entries count for a gate. Without a trust list no key is trusted.",
            "",
            "Exit 0: entries listed. Exit 1: the run has no entries."})
final class LedgerShowCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LedgerLocationOption location;

    @Parameters(paramLabel = "RUN_ID", description = "MLflow run id.")
    String runId;

    @Option(names = "--trust", paramLabel = "FILE", description = "Trust list; default: CARBON_LEDGER_TRUST.")
    Path trustFile;

    @Option(names = "--json", description = "Print each entry as its export line (JSON, as signed) instead.")
    boolean json;

    private final CliEnvironment environment;

    LedgerShowCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        TrustList trust = LedgerCommand.trust(trustFile, environment).orElse(TrustList.empty());
        PrintWriter out = spec.commandLine().getOut();
        try (LedgerStore store = location.openExisting(environment)) {
            List<StoredEntry> entries = store.find(EntryQuery.forRun(runId));
            if (entries.isEmpty()) {
                spec.commandLine().getErr().println("carbon: the ledger " + store.describe() + " has no entries for "
                        + "run " + runId);
                return ExitCodes.FAILURE;
            }
            if (json) {
                entries.forEach(entry -> out.println(LedgerExport.jsonLine(entry)));
                return ExitCodes.OK;
            }
            out.printf(Locale.ROOT, "%-6s %-24s %-12s %10s %12s  %-24s %s%n", "seq", "occurred_at", "kind", "co2e_kg",
                    "energy_kwh", "signer", "status");
            for (EntryVerdict verdict : LedgerVerifier.check(store, entries, trust)) {
                out.println(row(verdict));
            }
            return ExitCodes.OK;
        }
    }

    private static String row(EntryVerdict verdict) {
        StoredEntry stored = verdict.entry();
        JsonObject payload = LedgerExport.readablePayload(stored); // as stored: an INVALID row may not be canonical
        JsonObject body = payload.has("body") && payload.get("body").isJsonObject() ? payload.getAsJsonObject("body")
                : new JsonObject();
        String signer = stored.signed().isSigned()
                ? verdict.signerName().orElse("key " + PublicKeys.shortId(stored.signed().keyId())) : "-";
        String status = switch (verdict.status()) {
            case TRUSTED -> "trusted";
            case UNTRUSTED_KEY -> "untrusted key";
            case UNSIGNED -> "unsigned";
            case INVALID -> "INVALID: " + verdict.detail();
        };
        return String.format(Locale.ROOT, "%-6d %-24s %-12s %10s %12s  %-24s %s", stored.seq(),
                text(payload.get("occurred_at")), text(payload.get("kind")), number(body.get("co2e_kg")),
                number(body.has("energy_kwh") && body.get("energy_kwh").isJsonObject()
                        ? body.getAsJsonObject("energy_kwh").get("facility") : null), signer, status);
    }

    private static String text(JsonElement value) {
        return value == null || !value.isJsonPrimitive() ? "-" : value.getAsString();
    }

    private static String number(JsonElement value) {
        return value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber() ? "-"
                : MeasurementSummary.significant(value.getAsDouble(), 4);
    }
}
