package io.carbonmlops.cli;

import io.carbonmlops.ledger.LedgerExport;
import io.carbonmlops.ledger.store.LedgerStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code carbon ledger export}: every entry as JSON lines (as signed) or CSV (for spreadsheets and reports). */
@Command(name = "export", mixinStandardHelpOptions = true,
        header = "Write the ledger's entries as JSON lines (as signed, re-verifiable) or CSV.",
        description = {"jsonl: one canonical JSON object per line with seq, prev_hash, entry_hash, key_id, public_key, "
                + "signature and the entry exactly as signed. csv: one row per entry with its attribution and figures "
                + "(docs/ledger.md lists the columns). Entries are exported as stored: run 'carbon ledger verify' to "
                + "know whether to trust them."})
final class LedgerExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    LedgerLocationOption location;

    @Option(names = "--format", paramLabel = "FORMAT", required = true,
            description = "jsonl or csv.", converter = FormatConverter.class)
    LedgerExport.Format format;

    @Option(names = "--from", paramLabel = "SEQ", defaultValue = "1", description = "First entry (default: 1).")
    long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last entry (default: the head).")
    Long to;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Write to FILE instead of stdout.")
    Path outFile;

    private final CliEnvironment environment;

    LedgerExportCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() throws IOException {
        long last = to == null ? Long.MAX_VALUE : to;
        try (LedgerStore store = location.openExisting(environment)) {
            if (outFile == null) {
                PrintWriter out = spec.commandLine().getOut();
                write(store, last, out);
                out.flush();
            } else {
                OutputStream stream;
                try {
                    stream = Files.newOutputStream(outFile);
                } catch (IOException e) {
                    throw new CarbonException(ExitCodes.FAILURE, "cannot write " + outFile + " (" + e + ")", e);
                }
                try (Writer out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8))) {
                    long written = write(store, last, out);
                    spec.commandLine().getErr().println("carbon: " + written + " entries written to " + outFile);
                }
            }
        }
        return ExitCodes.OK;
    }

    private long write(LedgerStore store, long last, Writer out) throws IOException {
        return format == LedgerExport.Format.JSONL ? LedgerExport.jsonl(store, from, last, out)
                : LedgerExport.csv(store, from, last, out);
    }

    /** Accepts jsonl and csv in any case. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<LedgerExport.Format> {
        @Override
        public LedgerExport.Format convert(String value) {
            for (LedgerExport.Format f : LedgerExport.Format.values()) {
                if (f.label().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected jsonl or csv, got '" + value + "'");
        }
    }
}
