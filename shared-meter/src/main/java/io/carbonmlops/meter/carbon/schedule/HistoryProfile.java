package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The stated fallback where no forecast exists: each future interval takes the mean of the intervals at the same time
 * of day 1 to N days earlier that the history covers. It is an estimate from the past, labelled
 * {@link IntensityKind#HISTORY_PROFILE}, never a forecast.
 */
final class HistoryProfile {
    private static final Duration DAY = Duration.ofDays(1);

    private HistoryProfile() {}

    /**
     * @param history measured readings, any order
     * @param from    the first interval covers this instant
     * @param until   intervals are built up to this instant
     * @param days    how many earlier days to average at most
     * @return intervals of the history's shortest step, oldest first; an interval no earlier day covers is left out
     */
    static List<IntensityReading> sameHours(List<IntensityReading> history, Instant from, Instant until, int days) {
        List<IntensityReading> measured = history.stream().filter(r -> r.kind() == IntensityKind.MEASURED)
                .sorted(Comparator.comparing(IntensityReading::from)).toList();
        if (measured.isEmpty()) {
            return List.of();
        }
        Duration step = measured.stream().map(r -> Duration.between(r.from(), r.to())).min(Comparator.naturalOrder())
                .orElseThrow();
        Instant anchor = measured.get(0).from();
        long stepsBefore = Math.floorDiv(Duration.between(anchor, from).toSeconds(), step.toSeconds());
        Instant slot = anchor.plus(step.multipliedBy(stepsBefore));
        IntensityReading sample = measured.get(measured.size() - 1);
        List<IntensityReading> profile = new ArrayList<>();
        while (slot.isBefore(until)) {
            double sum = 0;
            int count = 0;
            for (int k = 1; k <= days; k++) {
                Instant earlier = slot.minus(DAY.multipliedBy(k));
                for (IntensityReading r : measured) {
                    if (r.covers(earlier)) {
                        sum += r.gramsPerKwh();
                        count++;
                        break;
                    }
                }
            }
            if (count > 0) {
                profile.add(new IntensityReading(sum / count, sample.zone(), sample.provider(),
                        "not a forecast: mean of the same time on " + count + " earlier day(s) of " + sample.source(),
                        IntensityKind.HISTORY_PROFILE, slot, slot.plus(step)));
            }
            slot = slot.plus(step);
        }
        return profile;
    }
}
