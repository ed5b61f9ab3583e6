package io.carbonmlops.meter.carbon.schedule;

import java.time.Instant;

/**
 * What a planner asks for: the figures for a zone over [from, until). Implementations say what the figures are
 * ({@link ForecastMethod}) and never present an estimate as a forecast. {@link ChainForecasts} is the one over the
 * configured providers; tests and the simulation bench supply their own.
 */
@FunctionalInterface
public interface ForecastProvider {
    /**
     * @param zone  grid zone key (already resolved)
     * @param from  the decision time: figures for intervals ending at or before it are left out
     * @param until the latest end of the work
     */
    CarbonForecast forecast(String zone, Instant from, Instant until);
}
