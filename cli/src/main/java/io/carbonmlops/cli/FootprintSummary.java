package io.carbonmlops.cli;

import static io.carbonmlops.cli.MeasurementSummary.significant;

import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.IntensityProvenance;
import io.carbonmlops.meter.report.Figures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary lines of a carbon footprint, in the style of {@link MeasurementSummary}. */
final class FootprintSummary {
    private FootprintSummary() {}

    static List<String> lines(CarbonFootprint footprint) {
        IntensityProvenance intensity = footprint.intensity();
        List<String> lines = new ArrayList<>();
        String over = footprint.intervals() > 1 ? " over " + footprint.intervals() + " intervals" : "";
        lines.add(String.format(Locale.ROOT, "  co2e %s (location-based, %s%s) at %s g/kWh, zone %s",
                Figures.mass(footprint.co2eKg()), footprint.accounting().label(), over,
                significant(intensity.gramsPerKwh(), 4), intensity.zone()));
        lines.add("  intensity " + intensity.kind().label() + " as of " + intensity.asOf() + ": "
                + MeasurementSummary.oneLine(intensity.source()));
        footprint.marketBasedCo2eKg().ifPresent(kg -> lines.add(String.format(Locale.ROOT,
                "  co2e %s market-based at %s g/kWh (contractual factor)", Figures.mass(kg),
                significant(footprint.marketFactorGramsPerKwh().getAsDouble(), 4))));
        footprint.cost().ifPresent(cost -> {
            List<String> parts = new ArrayList<>();
            cost.electricityCost()
                    .ifPresent(v -> parts.add(significant(v, 3) + " " + cost.currency() + " electricity"));
            cost.carbonCost().ifPresent(v -> parts.add(significant(v, 3) + " " + cost.currency() + " carbon"));
            lines.add("  cost " + String.join(", ", parts));
        });
        footprint.warnings().forEach(w -> lines.add("  warning: " + MeasurementSummary.oneLine(w)));
        return lines;
    }
}
