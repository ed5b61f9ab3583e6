package io.carbonmlops.meter.carbon;

import java.util.Locale;

/** How CO2e was computed. The JSON spelling is {@link #label()}. */
public enum Accounting {
    /** Σ over the provider's intervals of the energy drawn in the interval × that interval's intensity. */
    TIME_RESOLVED,
    /** Total energy × one figure (a yearly or world average). */
    SINGLE_FACTOR;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
