package io.carbonmlops.mlflow;

import io.carbonmlops.mlflow.client.MlflowClient;
import io.carbonmlops.mlflow.client.MlflowConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One process flushing a spool, for {@link SpoolConcurrentFlushTest}: waits for a start file so that several start
 * at once, flushes, and prints its report on one line.
 *
 * <p>Arguments: tracking URI, spool directory, start file, seconds to wait for the spool's lock.
 */
public final class SpoolFlushProcess {
    private SpoolFlushProcess() {}

    public static void main(String[] args) throws Exception {
        Path start = Path.of(args[2]);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(start) && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        MlflowConfig config = MlflowConfig.of(args[0]).withUnreachableHold(Duration.ZERO);
        try (CarbonRunLogger logger = new CarbonRunLogger(new MlflowClient(config), new Spool(Path.of(args[1])))) {
            CarbonRunLogger.FlushReport report = logger.flush(Duration.ofSeconds(Long.parseLong(args[3])));
            System.out.println("delivered=" + report.delivered() + " remaining=" + report.remaining() + " busy="
                    + report.busy() + " errors=" + report.errors());
        }
    }
}
