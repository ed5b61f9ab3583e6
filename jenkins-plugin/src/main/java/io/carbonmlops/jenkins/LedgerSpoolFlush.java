package io.carbonmlops.jenkins;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.carbonmlops.ledger.CarbonLedger;
import io.carbonmlops.ledger.LedgerConfig;
import io.carbonmlops.ledger.LedgerSpool;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Appends the entries the controller spooled while the ledger was unreachable, every five minutes, so they do not
 * wait for the next tracked block (whose own append flushes them too). Each is appended exactly once.
 */
@Extension
public class LedgerSpoolFlush extends AsyncPeriodicWork {
    public LedgerSpoolFlush() {
        super("carbon-mlops ledger spool flush");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.MINUTES.toMillis(5);
    }

    @Override
    protected void execute(TaskListener listener) throws IOException, InterruptedException {
        Optional<LedgerConfig> config = ControllerLedger.config(CarbonGlobalConfiguration.get());
        if (config.isEmpty() || new LedgerSpool(config.get().spoolBase(), config.get().location().describe()).size() == 0) {
            return;
        }
        try (CarbonLedger ledger = CarbonLedger.open(config.get())) {
            CarbonLedger.FlushResult result = ledger.flushSpool();
            listener.getLogger().println("appended " + result.appended() + ", already present " + result.alreadyPresent()
                    + ", rejected " + result.rejected() + ", still spooled " + result.remaining());
            result.problems().forEach(listener.getLogger()::println);
        }
    }
}
