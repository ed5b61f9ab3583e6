package io.carbonmlops.meter.carbon;

import java.util.List;

/** The user named a zone that is neither a known grid zone, an ISO country code nor a known cloud region. */
public class UnknownZoneException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> closeMatches;

    public UnknownZoneException(String input, List<String> closeMatches) {
        super("unknown zone '" + input + "'"
                + (closeMatches.isEmpty() ? "" : "; did you mean " + String.join(", ", closeMatches) + "?")
                + " (`carbon zones` lists Electricity Maps zone keys, ISO country codes and cloud regions)");
        this.closeMatches = List.copyOf(closeMatches);
    }

    public List<String> closeMatches() {
        return closeMatches;
    }
}
