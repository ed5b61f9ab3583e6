package io.carbonmlops.meter.carbon.schedule.bench;

import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.schedule.Window;
import io.carbonmlops.meter.carbon.schedule.WindowSearch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Replays a year of real hourly intensity per grid (the directory bench/scheduling/run.sh finds, see bench/scheduling/SOURCES.md) for jobs of 1 to 8 hours with 0 to 24 hours
 * of slack arriving at every hour, and reports the CO2e saved against running at once by:
 * <ul>
 *   <li>(a) oracle: {@link WindowSearch} on the actual figures (a perfect forecast);</li>
 *   <li>(b) persistence: {@link WindowSearch} on "the same hour on the last day before the decision" (a forecast anyone
 *       can reproduce offline; hours more than a day ahead repeat that day);</li>
 *   <li>(b') history-7d: the mean of the same hour over the last 7 days ({@code carbon when}'s fallback);</li>
 *   <li>(c) threshold: start at the first hour whose live figure is at or below the 25th percentile of the last 7
 *       days, else at the latest start.</li>
 * </ul>
 * Every job draws the same constant power, so savings are ratios of summed actual intensity over each job's window.
 * Invariants checked on every arrival (the run fails loudly otherwise): no policy beats the oracle, and with no slack
 * every policy equals running at once.
 *
 * <pre>bench/scheduling/run.sh</pre>
 */
public final class ShiftSimulation {
    static final int[] DURATIONS_H = {1, 2, 4, 8};
    static final int[] SLACKS_H = {0, 2, 6, 12, 24};
    static final int HISTORY_H = 7 * 24;
    static final Instant YEAR = Instant.parse("2022-01-01T00:00:00Z");

    private ShiftSimulation() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "bench/scheduling/data");
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
        }
        long started = System.nanoTime();
        System.out.println("| grid (file) | mean g/kWh | daily swing | duration | "
                + String.join(" | ", Arrays.stream(SLACKS_H).mapToObj(s -> "slack " + s + " h: a / b / b' / c").toList())
                + " |");
        System.out.println("|---|---|---|---|" + "---|".repeat(SLACKS_H.length));
        List<String> summary = new ArrayList<>();
        for (Path file : files) {
            double[] hours = load(file);
            String grid = file.getFileName().toString().replace(".csv", "");
            double[] mix = new double[4];
            int cells = 0;
            for (int duration : DURATIONS_H) {
                StringBuilder row = new StringBuilder();
                row.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f %% | %d h |", grid, mean(hours),
                        dailySwingPercent(hours), duration));
                for (int slack : SLACKS_H) {
                    double[] saving = simulate(hours, duration, slack);
                    row.append(String.format(Locale.ROOT, " %.1f / %.1f / %.1f / %.1f |", saving[0], saving[1],
                            saving[2], saving[3]));
                    if (slack > 0) {
                        for (int i = 0; i < 4; i++) {
                            mix[i] += saving[i];
                        }
                        cells++;
                    }
                }
                System.out.println(row);
            }
            summary.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f | %.0f %% |", grid, mix[0] / cells,
                    mix[1] / cells, mix[2] / cells, mix[3] / cells, 100 * mix[1] / mix[0]));
        }
        System.out.println();
        System.out.println("Mean saving over the job mix (durations 1, 2, 4, 8 h x slack 2, 6, 12, 24 h), %:");
        System.out.println();
        System.out.println("| grid | (a) oracle | (b) persistence | (b') history-7d | (c) threshold p25 | (b) / (a) |");
        System.out.println("|---|---|---|---|---|---|");
        summary.forEach(System.out::println);
        System.out.printf(Locale.ROOT, "%nsimulated in %.1f s (CPU of one core; not a timing figure)%n",
                (System.nanoTime() - started) / 1e9);
    }

    /** Hourly figures from YEAR on, NaN for an hour the file lacks. */
    static double[] load(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        double[] hours = new double[8760];
        Arrays.fill(hours, Double.NaN);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            int hour = (int) Duration.between(YEAR, Instant.parse(cells[0].replace("Z", ":00Z"))).toHours();
            if (hour >= 0 && hour < hours.length) {
                hours[hour] = Double.parseDouble(cells[1]);
            }
        }
        return hours;
    }

    /** Savings in % of run-now CO2e for the four policies, over every arrival with a complete history and window. */
    static double[] simulate(double[] hours, int duration, int slack) {
        double runNow = 0;
        double[] policy = new double[4];
        for (int t = HISTORY_H; t + duration + slack <= hours.length; t++) {
            if (hasGap(hours, t - HISTORY_H, t + duration + slack)) {
                continue;
            }
            int decision = t;
            double now = mean(hours, t, duration);
            double oracle = mean(hours, plan(hours, t, duration, slack, h -> hours[h]), duration);
            double persistence = mean(hours, plan(hours, t, duration, slack,
                    h -> hours[lastKnownSameHour(h, decision)]), duration);
            double history = mean(hours, plan(hours, t, duration, slack, h -> sameHourMean(hours, decision, h)),
                    duration);
            double threshold = mean(hours, threshold(hours, t, slack), duration);
            for (double other : new double[] {persistence, history, threshold}) {
                if (other < oracle - 1e-9) {
                    throw new IllegalStateException("a policy beat the oracle at hour " + t);
                }
            }
            if (slack == 0 && (oracle != now || persistence != now || history != now || threshold != now)) {
                throw new IllegalStateException("without slack every policy must run at once (hour " + t + ")");
            }
            runNow += now;
            policy[0] += oracle;
            policy[1] += persistence;
            policy[2] += history;
            policy[3] += threshold;
        }
        double[] saving = new double[4];
        for (int i = 0; i < 4; i++) {
            saving[i] = 100 * (1 - policy[i] / runNow);
        }
        return saving;
    }

    /** The start {@link WindowSearch} picks on the figures {@code view} gives for hours t to t+duration+slack. */
    static int plan(double[] hours, int t, int duration, int slack, java.util.function.IntToDoubleFunction view) {
        List<IntensityReading> points = new ArrayList<>(duration + slack);
        for (int h = t; h < t + duration + slack; h++) {
            Instant from = YEAR.plus(Duration.ofHours(h));
            points.add(new IntensityReading(view.applyAsDouble(h), "grid", "bench", "bench", IntensityKind.FORECAST,
                    from, from.plus(Duration.ofHours(1))));
        }
        Window best = WindowSearch.best(WindowSearch.windows(points, YEAR.plus(Duration.ofHours(t)),
                YEAR.plus(Duration.ofHours(t + duration + slack)), Duration.ofHours(duration)));
        return (int) Duration.between(YEAR, best.start()).toHours();
    }

    /** The same time of day on the last day before the decision at t: never a figure from after t. */
    static int lastKnownSameHour(int h, int t) {
        int earlier = h - 24;
        while (earlier >= t) {
            earlier -= 24;
        }
        return earlier;
    }

    /** Mean of hour h's time of day over the 7 days before the decision at t (what HistoryProfile computes). */
    static double sameHourMean(double[] hours, int t, int h) {
        double sum = 0;
        int count = 0;
        for (int k = 1; k <= 7; k++) {
            int earlier = h - 24 * k;
            if (earlier < t) {
                sum += hours[earlier];
                count++;
            }
        }
        return sum / count;
    }

    /** First hour in [t, t+slack] at or below the 25th percentile of the 7 days before t; else the latest start. */
    static int threshold(double[] hours, int t, int slack) {
        double[] week = Arrays.copyOfRange(hours, t - HISTORY_H, t);
        Arrays.sort(week);
        double p25 = week[week.length / 4];
        for (int h = t; h < t + slack; h++) {
            if (hours[h] <= p25) {
                return h;
            }
        }
        return t + slack;
    }

    static boolean hasGap(double[] hours, int from, int to) {
        for (int h = from; h < to; h++) {
            if (Double.isNaN(hours[h])) {
                return true;
            }
        }
        return false;
    }

    static double mean(double[] hours, int from, int length) {
        double sum = 0;
        for (int h = from; h < from + length; h++) {
            sum += hours[h];
        }
        return sum / length;
    }

    static double mean(double[] hours) {
        return Arrays.stream(hours).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    /** Mean over days of (max - min) / mean of the day's hours, %: how much there is to shift within a day. */
    static double dailySwingPercent(double[] hours) {
        double total = 0;
        int days = 0;
        for (int d = 0; d + 24 <= hours.length; d += 24) {
            double[] day = Arrays.copyOfRange(hours, d, d + 24);
            if (Arrays.stream(day).anyMatch(Double::isNaN)) {
                continue;
            }
            double mean = Arrays.stream(day).average().orElseThrow();
            total += (Arrays.stream(day).max().orElseThrow() - Arrays.stream(day).min().orElseThrow()) / mean;
            days++;
        }
        return 100 * total / days;
    }
}
