package io.carbonmlops.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exit codes of the {@code carbon} command line, listed in {@code --help}. {@code carbon measure} passes the
 * measured command's own code through, so the codes carbon itself uses there follow env(1) and timeout(1)
 * (125 to 127) to stay distinguishable from the command's.
 */
public final class ExitCodes {
    public static final int OK = 0;
    /** The command could not do its job; the message on stderr says why and what to do. */
    public static final int FAILURE = 1;
    /** Invalid options or arguments. */
    public static final int USAGE = 2;
    /** {@code gate check|promote}: the carbon gate refused the promotion (the explanation is on stdout). */
    public static final int GATE_DENIED = 3;
    /** {@code ledger verify}: an entry is broken (the first one is named on stdout). */
    public static final int LEDGER_BROKEN = 3;
    /** carbon itself failed: an internal error, or {@code measure} could not record the measurement. */
    public static final int CARBON_FAILED = 125;
    /** {@code measure}: the command was found but could not be executed (permission, not a program). */
    public static final int CANNOT_EXECUTE = 126;
    /** {@code measure}: the command was not found. */
    public static final int NOT_FOUND = 127;
    /** {@code measure}: the command died from signal N gives 128 + N (130 SIGINT, 137 SIGKILL, 143 SIGTERM). */
    public static final int SIGNAL_BASE = 128;

    private ExitCodes() {}

    /** Code (right-aligned) to description, for picocli's exit code list in {@code --help}. */
    public static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put("  0", "success; for measure: the command's own exit code, whatever it is");
        list.put("  1", "failure (the message says why)");
        list.put("  2", "invalid options or arguments");
        list.put("  3", "gate: the promotion was refused by the carbon gate; ledger verify: a broken entry");
        list.put("125", "carbon itself failed (internal error, or measure could not record)");
        list.put("126", "measure: the command could not be executed");
        list.put("127", "measure: the command was not found");
        list.put("128+N", "measure: the command died from signal N (143 = SIGTERM)");
        return list;
    }
}
