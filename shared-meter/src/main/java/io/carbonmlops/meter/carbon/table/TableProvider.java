package io.carbonmlops.meter.carbon.table;

import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.FallbackReason;
import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The shipped table as a provider: one yearly average per zone, no network. With {@code worldAverage} it
 * answers every zone with the World row instead (kind {@code world-average}), as the chain's last resort.
 */
public final class TableProvider implements CarbonIntensityProvider {
    private final GridIntensityTable table;
    private final boolean worldAverage;

    private TableProvider(GridIntensityTable table, boolean worldAverage) {
        this.table = table;
        this.worldAverage = worldAverage;
    }

    public static TableProvider yearlyAverages(GridIntensityTable table) {
        return new TableProvider(table, false);
    }

    public static TableProvider worldAverage(GridIntensityTable table) {
        return new TableProvider(table, true);
    }

    @Override
    public String name() {
        return worldAverage ? "world-average" : "table";
    }

    @Override
    public IntensityReading latest(String zone) throws ProviderException {
        IntensityRow row = row(zone);
        Instant from = LocalDate.of(row.year(), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant to = LocalDate.of(row.year() + 1, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
        return reading(zone, row, from, to);
    }

    /** The yearly figure, for its year: a yearly average has no per-interval shape. */
    @Override
    public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
        return List.of(latest(zone));
    }

    @Override
    public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
        IntensityReading yearly = latest(zone);
        return List.of(yearly);
    }

    private IntensityRow row(String zone) throws ProviderException {
        if (worldAverage) {
            return table.worldAverage();
        }
        return table.preferred(zone).orElseThrow(() -> new ProviderException(FallbackReason.UNKNOWN_ZONE,
                "zone " + zone + " is not in the shipped table"));
    }

    private IntensityReading reading(String zone, IntensityRow row, Instant from, Instant to) {
        IntensityKind kind = worldAverage ? IntensityKind.WORLD_AVERAGE : IntensityKind.YEARLY_AVERAGE;
        String zoneKey = worldAverage ? GridIntensityTable.WORLD_ZONE : row.zone();
        return new IntensityReading(row.gramsPerKwh(), zoneKey, name(), "table: " + row.describe(), kind, from, to);
    }
}
