package io.carbonmlops.ledger.verify;

import io.carbonmlops.ledger.StoredEntry;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one entry may be believed, checked on its own (hash, columns, signature, signer) without its neighbours:
 * what a gate asks of each entry it sums. Only {@link Status#TRUSTED} entries count as a carbon record; a gate rule
 * that names a signer ({@code signed_by: jenkins-prod}) also compares {@link #signerName()}.
 *
 * @param signerName the trust list's name for the signer when TRUSTED
 * @param detail     why not TRUSTED; empty when TRUSTED
 */
public record EntryVerdict(StoredEntry entry, Status status, Optional<String> signerName, String detail) {
    /** What an entry is worth to a gate. */
    public enum Status {
        /** Intact and signed by a key in the trust list. */
        TRUSTED,
        /** Intact but unsigned: nobody vouches for it. */
        UNSIGNED,
        /** Intact, validly signed, by a key the trust list does not name. */
        UNTRUSTED_KEY,
        /** Its hash, columns or signature do not hold: tampered with. */
        INVALID
    }

    public EntryVerdict {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(signerName, "signerName");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean trusted() {
        return status == Status.TRUSTED;
    }

    /** True when trusted and signed by the key the trust list calls {@code name}. */
    public boolean signedBy(String name) {
        return trusted() && signerName.filter(name::equals).isPresent();
    }
}
