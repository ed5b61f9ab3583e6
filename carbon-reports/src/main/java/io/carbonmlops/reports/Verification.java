package io.carbonmlops.reports;

import java.util.List;
import java.util.Optional;

/**
 * The result of verifying the records behind a report.
 *
 * @param verified      true when the records come from the ledger and its verification over them found no break
 * @param summary       one sentence: what was checked and the outcome (or why the report is unverified)
 * @param breakSeq      the first broken entry's seq, when verification found one
 * @param details       the verifier's notes and signer counts
 */
public record Verification(boolean verified, String summary, Optional<Long> breakSeq, List<String> details) {
    public Verification {
        details = List.copyOf(details);
    }

    public static Verification unverified(String why) {
        return new Verification(false, why, Optional.empty(), List.of());
    }
}
