package io.carbonmlops.meter.carbon.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.carbonmlops.meter.MeterClock;
import io.carbonmlops.meter.carbon.CarbonIntensityProvider;
import io.carbonmlops.meter.carbon.IntensityReading;
import io.carbonmlops.meter.carbon.ProviderException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProvidersTest {
    /** A provider that only records being closed. */
    private static final class Recording implements CarbonIntensityProvider {
        private final String name;
        private final List<String> closed;

        Recording(String name, List<String> closed) {
            this.name = name;
            this.closed = closed;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public IntensityReading latest(String zone) throws ProviderException {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<IntensityReading> range(String zone, Instant start, Instant end) throws ProviderException {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<IntensityReading> forecast(String zone, Duration horizon) throws ProviderException {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed.add(name);
        }
    }

    @Test
    void theProvidersMadeBeforeOneThatCannotBeMadeAreClosed() {
        List<String> closed = new ArrayList<>();
        assertThatThrownBy(() -> Providers.chain("a, b, broken, c", MeterClock.SYSTEM, name -> {
            if (name.equals("broken")) {
                throw new IllegalArgumentException("CARBON_WATTTIME_REGIONS entries must read ZONE=REGION");
            }
            return new Recording(name, closed);
        })).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZONE=REGION");

        assertThat(closed).containsExactly("a", "b");
    }

    @Test
    void aMisconfiguredWattTimeAfterElectricityMapsFailsWithTheReason() {
        assertThatThrownBy(() -> Providers.chain("electricitymaps,watttime",
                Map.of("CARBON_WATTTIME_REGIONS", "nonsense"), MeterClock.SYSTEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ZONE=REGION");
    }
}
