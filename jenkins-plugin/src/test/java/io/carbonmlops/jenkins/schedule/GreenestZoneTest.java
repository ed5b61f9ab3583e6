package io.carbonmlops.jenkins.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.carbon.IntensityKind;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.IntensityResult;
import io.carbonmlops.meter.carbon.ZoneResolver;
import io.carbonmlops.meter.carbon.schedule.CarbonForecast;
import io.carbonmlops.meter.carbon.schedule.ForecastMethod;
import io.carbonmlops.meter.carbon.schedule.ShiftPlanner;
import io.carbonmlops.meter.carbon.schedule.ZoneRanking;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** greenestZone's choice over current figures: the lowest wins, written as the Pipeline wrote it; bad input refused. */
class GreenestZoneTest {
    private static final Instant NOW = Instant.parse("2026-11-30T03:00:00Z");
    private static final Map<String, Double> GRAMS = Map.of("DE", 350.0, "SE", 25.0, "FR", 40.0);

    private final GreenestZone greenest = new GreenestZone(new ZoneRanking(ZoneResolver.shipped(),
            zone -> new IntensityResult(List.of(reading(zone, GRAMS.get(zone))), "electricitymaps", List.of(), false),
            new ShiftPlanner((zone, from, until) -> new CarbonForecast(zone, "electricitymaps", "latest",
                    ForecastMethod.NONE, from, List.of(reading(zone, GRAMS.get(zone))), List.of()))));

    @Test
    void theCandidateWithTheLowestIntensityNowWinsAsThePipelineWroteIt() {
        GreenestZone.Choice choice = greenest.choose(List.of("DE", "FR", "SE"), null, null, NOW);

        assertThat(choice.best()).isEqualTo("SE");
        assertThat(choice.lines()).first().asString().startsWith("1. SE (SE): 25.0 g/kWh");
        assertThat(choice.lines()).element(2).asString().startsWith("3. DE (DE): 350.0 g/kWh");
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> greenest.choose(List.of(), null, null, NOW)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> greenest.choose(List.of("DE"), Duration.ofHours(1), null, NOW))
                .hasMessageContaining("go together");
        assertThatThrownBy(() -> greenest.choose(List.of("DE", "Atlantis"), null, null, NOW))
                .hasMessageContaining("Atlantis");
    }

    private static IntensityReading reading(String zone, double grams) {
        return new IntensityReading(grams, zone, "electricitymaps", "latest", IntensityKind.MEASURED,
                NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)));
    }
}
