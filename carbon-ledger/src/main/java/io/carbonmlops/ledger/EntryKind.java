package io.carbonmlops.ledger;

/**
 * What a ledger entry records. Its {@link #label()} is the payload's {@code kind}. {@link #MEASUREMENT} and
 * {@link #GATE_DECISION} entries are written today; the other labels are reserved so that the phases adding them (and
 * readers of older ledgers) agree on the spelling. docs/ledger.md lists the body fields of each kind.
 */
public enum EntryKind {
    /** Energy, intensity, CO2e and cost of one measured piece of work ({@link MeasurementEntries}). */
    MEASUREMENT("measurement"),
    /** A registry gate's decision (allowed or refused) with the figures and entries it used (docs/gate.md). */
    GATE_DECISION("gate-decision"),
    /** A prompt registered in the model registry, so prompt status need not come from a mutable tag. Reserved. */
    PROMPT_REGISTRATION("prompt-registration"),
    /** The energy and CO2e of a serving window with its prediction count. Reserved. */
    INFERENCE_WINDOW("inference-window"),
    /** A carbon-aware scheduling decision (when/where work was placed and the intensity that decided it). Reserved. */
    SCHEDULING_DECISION("scheduling-decision");

    private final String label;

    EntryKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /**
     * @throws IllegalArgumentException naming the known labels
     */
    public static EntryKind ofLabel(String label) {
        for (EntryKind kind : values()) {
            if (kind.label.equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown ledger entry kind '" + label + "' (known: measurement, "
                + "gate-decision, prompt-registration, inference-window, scheduling-decision); a newer carbon-mlops "
                + "wrote it: upgrade to read it");
    }
}
