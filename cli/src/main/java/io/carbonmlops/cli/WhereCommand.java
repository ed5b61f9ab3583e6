package io.carbonmlops.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.carbonmlops.meter.carbon.ProviderChain;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.CarbonFootprintJson;
import io.carbonmlops.meter.carbon.schedule.ChainForecasts;
import io.carbonmlops.meter.carbon.schedule.ShiftDecisionJson;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ZoneRanking;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code carbon where}: candidate zones or cloud regions ranked by expected carbon intensity. */
@Command(name = "where",
        mixinStandardHelpOptions = true,
        header = "Rank zones or cloud regions by expected carbon intensity, now or for a job's best window.",
        description = {
            "Without --duration, ranks by the current figure; with --duration and --within, by each candidate's best "
                    + "window before the deadline (as 'carbon when' finds it). Every row says what its figure is and "
                    + "where it came from; figures of different kinds are ranked but flagged.",
            "",
            "Example: carbon where --candidates aws:eu-north-1,aws:us-east-1,gcp:europe-west4 --duration 2h --within 6h",
        },
        sortOptions = false)
public final class WhereCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--candidates", required = true, split = ",", paramLabel = "LIST",
            description = "Zones or cloud regions separated by commas, e.g. aws:eu-north-1,DE,gcp:europe-west4.")
    List<String> candidates;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Rank by the best window of a job this long (needs --within).")
    Duration duration;

    @Option(names = "--within", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "The job must have ended this long from now.")
    Duration within;

    @Option(names = "--power", paramLabel = "WATTS", description = "The job's average power, for kg figures.")
    Double powerWatts;

    @Option(names = "--provider", paramLabel = "LIST",
            description = "Providers to try in order (default: CARBON_INTENSITY_PROVIDERS, else table).")
    String providers;

    @Option(names = "--json", description = "Print the ranking as JSON on stdout.")
    boolean json;

    private final CliEnvironment environment;

    public WhereCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if ((duration == null) != (within == null)) {
            throw new ParameterException(spec.commandLine(), "--duration and --within go together: give both to rank "
                    + "by the best window, or neither to rank by the current figure");
        }
        Instant now = environment.clock().wallTime().truncatedTo(ChronoUnit.SECONDS);
        ZoneRanking.Ranking ranking;
        try (ProviderChain chain = WhenCommand.chain(spec, providers, environment)) {
            ZoneRanking ranker = new ZoneRanking(ZoneResolver.shipped(), chain::latest,
                    new ShiftPlanner(new ChainForecasts(chain)));
            ranking = duration == null ? ranker.now(candidates, now) : ranker.bestWindow(candidates, duration, within,
                    now, powerWatts == null ? OptionalDouble.empty() : OptionalDouble.of(powerWatts));
        } catch (IllegalArgumentException e) { // an unknown candidate (with close matches) or an impossible deadline
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            CliJson.print(out, toJson(ranking));
        } else {
            print(ranking, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private void print(ZoneRanking.Ranking ranking, PrintWriter out) {
        out.printf(Locale.ROOT, "%-4s %-22s %-14s %-14s %-26s %-20s %s%n", "rank", "candidate", "zone", "g/kWh",
                duration == null ? "as of" : "best start", "basis", "provider");
        int rank = 1;
        for (ZoneRanking.Candidate c : ranking.candidates()) {
            out.printf(Locale.ROOT, "%-4d %-22s %-14s %-14s %-26s %-20s %s%n", rank++, c.input(), c.zone(),
                    c.gramsPerKwh().isPresent() ? MeasurementSummary.significant(c.gramsPerKwh().getAsDouble(), 4) : "-",
                    c.start(), c.basis(), c.provider());
        }
        for (ZoneRanking.Candidate c : ranking.candidates()) {
            out.printf("source     %s: %s%n", c.input(), MeasurementSummary.oneLine(c.source()));
            if (c.fallbackReason() != null) {
                out.printf("fallback   %s: %s%n", c.input(), MeasurementSummary.oneLine(c.fallbackReason()));
            }
        }
        ranking.warnings().forEach(w -> out.printf("warning    %s%n", w));
    }

    private JsonObject toJson(ZoneRanking.Ranking ranking) {
        JsonObject json = new JsonObject();
        json.addProperty("ranked_by", duration == null ? "current-intensity" : "best-window");
        JsonArray rows = new JsonArray();
        for (ZoneRanking.Candidate c : ranking.candidates()) {
            JsonObject row = new JsonObject();
            row.addProperty("candidate", c.input());
            row.addProperty("zone", c.zone());
            row.addProperty("zone_via", c.via());
            c.gramsPerKwh().ifPresent(g -> row.addProperty("g_per_kwh", g));
            row.addProperty("start", CarbonFootprintJson.formatInstant(c.start()));
            row.addProperty("basis", c.basis());
            row.addProperty("provider", c.provider());
            row.addProperty("source", c.source());
            row.addProperty("fallback_reason", c.fallbackReason());
            if (c.decision() != null) {
                row.add("decision", ShiftDecisionJson.toJson(c.decision(), false));
            }
            rows.add(row);
        }
        json.add("candidates", rows);
        JsonArray warnings = new JsonArray();
        ranking.warnings().forEach(warnings::add);
        json.add("warnings", warnings);
        return json;
    }
}
