package io.carbonmlops.ledger.verify;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@link LedgerVerifier#verify}.
 *
 * @param entriesChecked     entries checked before the first break (all of them when intact)
 * @param lastSeq            the last entry checked and found intact; 0 when none
 * @param lastHash           its hash (with lastSeq: an anchor); the genesis hash when none
 * @param firstBreak         the first broken entry; empty when intact
 * @param entriesByKey       intact signed entries per key id
 * @param signerNames        trust-list name per key id, for the keys that have one
 * @param unsigned           intact unsigned entries
 * @param signaturesReused   entries whose signatures a checkpoint vouched for instead of being checked again
 * @param checkpoint         when intact: the checkpoint to keep for the next verification
 * @param notes              what a reader should know (range start, checkpoint ignored and why)
 */
public record VerificationReport(long entriesChecked, long lastSeq, String lastHash, Optional<ChainBreak> firstBreak,
        Map<String, Long> entriesByKey, Map<String, String> signerNames, long unsigned, long signaturesReused,
        Optional<Checkpoint> checkpoint, List<String> notes) {
    public VerificationReport {
        entriesByKey = Map.copyOf(entriesByKey);
        signerNames = Map.copyOf(signerNames);
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return firstBreak.isEmpty();
    }
}
