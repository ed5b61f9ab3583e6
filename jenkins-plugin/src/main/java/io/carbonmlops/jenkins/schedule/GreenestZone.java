package io.carbonmlops.jenkins.schedule;

import io.carbonmlops.meter.carbon.schedule.ZoneRanking;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What {@code greenestZone(candidates: [...])} decides, free of Jenkins: the candidate zone or cloud region with the
 * lowest intensity now, or (with a duration and deadline) over its best window ({@link ZoneRanking}, as
 * {@code carbon where}), and the ranking with provenance for the build log.
 */
public final class GreenestZone {
    private final ZoneRanking ranking;

    public GreenestZone(ZoneRanking ranking) {
        this.ranking = Objects.requireNonNull(ranking, "ranking");
    }

    /** The best candidate as the Pipeline wrote it, and the ranking, one line per candidate. */
    public record Choice(String best, List<String> lines) {
        public Choice {
            Objects.requireNonNull(best, "best");
            lines = List.copyOf(lines);
        }
    }

    /**
     * @param duration the work's duration, or null to rank by the current figure
     * @param within   the deadline from now (with a duration)
     * @throws IllegalArgumentException for no candidates, an unknown one, or when no candidate has a figure
     */
    public Choice choose(List<String> candidates, Duration duration, Duration within, Instant now) {
        if (candidates == null || candidates.isEmpty()) {
            throw new IllegalArgumentException("candidates: give at least one zone or cloud region, e.g."
                    + " candidates: ['aws:eu-north-1', 'DE']");
        }
        if ((duration == null) != (within == null)) {
            throw new IllegalArgumentException("duration: and within: go together: give both to rank by the best"
                    + " window, or neither to rank by the current figure");
        }
        ZoneRanking.Ranking ranked = duration == null ? ranking.now(candidates, now)
                : ranking.bestWindow(candidates, duration, within, now, OptionalDouble.empty());
        ZoneRanking.Candidate best = ranked.candidates().get(0);
        if (best.gramsPerKwh().isEmpty()) {
            throw new IllegalArgumentException("no candidate has a carbon intensity figure: " + ranked.warnings());
        }
        List<String> lines = new ArrayList<>();
        int rank = 1;
        for (ZoneRanking.Candidate c : ranked.candidates()) {
            lines.add(String.format(Locale.ROOT, "%d. %s (%s): %s, %s from %s%s", rank++, c.input(), c.zone(),
                    c.gramsPerKwh().isPresent() ? String.format(Locale.ROOT, "%.1f g/kWh", c.gramsPerKwh().getAsDouble())
                            : "no figure", c.basis(), c.provider(),
                    duration == null ? "" : ", best start " + c.start()));
        }
        ranked.warnings().forEach(w -> lines.add("warning: " + w));
        return new Choice(best.input(), lines);
    }
}
