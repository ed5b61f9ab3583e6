package io.carbonmlops.jenkins.tracking;

import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.carbon.CarbonAccountant;
import io.carbonmlops.meter.carbon.CarbonFootprint;
import io.carbonmlops.meter.carbon.CarbonOptions;

/** Turns a block's energy into CO2e for a grid zone (null = the world average). */
@FunctionalInterface
public interface FootprintCalculator {
    CarbonFootprint footprint(Measurement measurement, String zone);

    /** Location-based accounting over the accountant's provider chain. */
    static FootprintCalculator of(CarbonAccountant accountant) {
        return (measurement, zone) -> accountant.account(measurement, zone, CarbonOptions.locationBased());
    }
}
