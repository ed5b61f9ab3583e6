package io.carbonmlops.reports;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Calendar months (UTC) as reports name them: {@code 2026-11}. */
final class Months {
    private Months() {}

    /** Every month the period [from, to) touches. */
    static List<String> between(Instant from, Instant to) {
        List<String> months = new ArrayList<>();
        YearMonth last = YearMonth.from(to.minusMillis(1).atOffset(ZoneOffset.UTC));
        for (YearMonth m = YearMonth.from(from.atOffset(ZoneOffset.UTC)); !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(m.toString());
        }
        return months;
    }
}
