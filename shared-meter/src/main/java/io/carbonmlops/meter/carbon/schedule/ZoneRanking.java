package io.carbonmlops.meter.carbon.schedule;

import io.carbonmlops.meter.carbon.Fallback;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ResolvedZone;
import io.carbonmlops.meter.carbon.ZoneResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Ranks candidate zones or cloud regions by expected intensity: the current figure, or the best window of a job
 * ({@link ShiftPlanner}) when a duration is given. Each candidate keeps its provenance. Figures of different kinds
 * (a live reading against a yearly average, a marginal rate against an average) are ranked but flagged, because the
 * order between them means little.
 */
public final class ZoneRanking {
    /**
     * One ranked candidate.
     *
     * @param input         what the user typed ({@code aws:eu-north-1})
     * @param zone          the grid zone key it resolved to
     * @param via           how it resolved ({@code cloud region aws:eu-north-1 (Stockholm)}), or empty
     * @param gramsPerKwh   the expected intensity; empty when the figures cover no whole window
     * @param start         the best window's start; for a current figure, the start of the interval it holds for
     * @param basis         what the figure is: a reading's kind ({@code measured}, {@code yearly-average}) or a
     *                      plan's method ({@code provider-forecast}, {@code history-same-hours}, {@code none})
     * @param provider      which provider answered
     * @param source        what was read
     * @param fallbackReason providers skipped for this candidate, or null
     * @param decision      the plan, when a duration was given; null otherwise
     */
    public record Candidate(String input, String zone, String via, OptionalDouble gramsPerKwh, Instant start,
            String basis, String provider, String source, String fallbackReason, ShiftDecision decision) {
        public Candidate {
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(zone, "zone");
            Objects.requireNonNull(gramsPerKwh, "gramsPerKwh");
        }
    }

    /** The candidates, lowest expected intensity first (those without a figure last), and cautions. */
    public record Ranking(List<Candidate> candidates, List<String> warnings) {}

    private final ZoneResolver zones;
    private final Function<String, IntensityResult> latest;
    private final ShiftPlanner planner;

    /**
     * @param latest the current figure for a zone key (the provider chain's {@code latest})
     */
    public ZoneRanking(ZoneResolver zones, Function<String, IntensityResult> latest, ShiftPlanner planner) {
        this.zones = zones;
        this.latest = latest;
        this.planner = planner;
    }

    /**
     * By current intensity.
     *
     * @throws io.carbonmlops.meter.carbon.UnknownZoneException for an input that names no zone, with close matches
     */
    public Ranking now(List<String> inputs, Instant now) {
        List<Candidate> candidates = new ArrayList<>();
        for (ResolvedZone zone : resolve(inputs)) {
            IntensityResult result = latest.apply(zone.zone());
            IntensityReading reading = result.first();
            candidates.add(new Candidate(zone.input(), zone.zone(), zone.via(),
                    OptionalDouble.of(reading.gramsPerKwh()), reading.from(), reading.kind().label(), result.provider(),
                    reading.source(), result.fallbackReason(), null));
        }
        return ranked(candidates);
    }

    /** By the best window of a job of {@code duration} that must end within {@code within}. */
    public Ranking bestWindow(List<String> inputs, Duration duration, Duration within, Instant now,
            OptionalDouble powerWatts) {
        List<Candidate> candidates = new ArrayList<>();
        for (ResolvedZone zone : resolve(inputs)) {
            ShiftDecision decision = planner.plan(ShiftRequest.within(zone.zone(), duration, within, now, powerWatts),
                    now);
            CarbonForecast forecast = decision.forecast();
            candidates.add(new Candidate(zone.input(), zone.zone(), zone.via(), decision.expectedGramsPerKwh(),
                    decision.chosenStart(), forecast.method().label(), forecast.provider(), forecast.source(),
                    forecast.fallbacks().isEmpty() ? null : forecast.fallbacks().stream().map(Fallback::describe)
                            .collect(Collectors.joining("; ")), decision));
        }
        return ranked(candidates);
    }

    private List<ResolvedZone> resolve(List<String> inputs) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no candidates: give zones or cloud regions, e.g. aws:eu-north-1,DE");
        }
        return inputs.stream().map(zones::resolve).toList();
    }

    private static Ranking ranked(List<Candidate> candidates) {
        List<Candidate> sorted = new ArrayList<>(candidates);
        sorted.sort(Comparator.comparingDouble(c -> c.gramsPerKwh().orElse(Double.POSITIVE_INFINITY)));
        List<String> warnings = new ArrayList<>();
        if (candidates.stream().map(Candidate::basis).distinct().count() > 1) {
            warnings.add("the candidates' figures are of different kinds ("
                    + String.join(", ", candidates.stream().map(Candidate::basis).distinct().toList())
                    + "): the order between them means little");
        }
        boolean marginal = candidates.stream().anyMatch(c -> "watttime".equals(c.provider()));
        if (marginal && candidates.stream().anyMatch(c -> !"watttime".equals(c.provider()))) {
            warnings.add("some figures are WattTime marginal rates and some are average intensities: they answer"
                    + " different questions and do not rank against each other");
        }
        if (candidates.stream().anyMatch(c -> c.gramsPerKwh().isEmpty())) {
            warnings.add("candidates without a figure (no whole window covered) are listed last");
        }
        return new Ranking(sorted, warnings);
    }
}
