package io.carbonmlops.jenkins.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.carbonmlops.meter.CounterMark;
import io.carbonmlops.meter.Measurement;
import io.carbonmlops.meter.MeterClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The agent's registry in this JVM, with the journal schedule and the journal writes in the test's hands. */
@Timeout(60)
class AgentMetersTest {
    @TempDir
    Path dir;

    private final List<Runnable> scheduled = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1) {
        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            scheduled.add(command); // run by the test, when it chooses
            return schedule(() -> { }, 1, TimeUnit.DAYS);
        }
    };
    private final CountDownLatch snapshotPaused = new CountDownLatch(1);
    private final CountDownLatch resumeSnapshot = new CountDownLatch(1);
    private volatile boolean pauseNextSnapshot;
    private final AgentMeters meters = new AgentMeters(MeterClock.SYSTEM, Map.of(), executor, PausableJournal::new);

    @AfterEach
    void shutDown() {
        executor.shutdownNow();
    }

    @Test
    void aSnapshotDueWhenTheStopBeganWritesNothingAfterTheFinalEntry() throws Exception {
        Path journal = meters.start(request("late"));
        Runnable snapshotTask = scheduled.get(0);
        meters.stop("late", journal);
        List<String> linesAtStop = Files.readAllLines(journal, StandardCharsets.UTF_8);

        snapshotTask.run(); // it was due when the stop cancelled the schedule

        assertThat(Files.readAllLines(journal, StandardCharsets.UTF_8)).isEqualTo(linesAtStop);
        assertThat(new MeterJournal(journal).last()).hasValueSatisfying(entry -> assertThat(entry.isFinal()).isTrue());
    }

    @Test
    void aStopWhileASnapshotIsBeingWrittenWaitsForItSoTheFinalEntryStaysLast() throws Exception {
        Path journal = meters.start(request("race"));
        pauseNextSnapshot = true;
        CompletableFuture<Void> snapshot = CompletableFuture.runAsync(scheduled.get(0));
        snapshotPaused.await(); // the running totals are taken; their line is not written yet

        CompletableFuture<Measurement> stop = new CompletableFuture<>();
        Thread stopper = new Thread(() -> {
            try {
                stop.complete(meters.stop("race", journal));
            } catch (Exception | Error e) {
                stop.completeExceptionally(e);
            }
        }, "stopper");
        stopper.start();
        while (!stop.isDone() && stopper.getState() != Thread.State.BLOCKED && stopper.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // the stop either finished (the race) or waits for the snapshot (the fix)
        }
        resumeSnapshot.countDown();
        snapshot.get();
        stop.get();

        assertThat(new MeterJournal(journal).last()).hasValueSatisfying(entry -> assertThat(entry.isFinal()).isTrue());
    }

    private MeterRequest request(String meterId) {
        return MeterRequest.of(meterId, 1.0, null, Map.of()).withJournalDirectory(dir.toString());
    }

    /** A journal whose next snapshot write, once asked for, waits for the test. */
    private final class PausableJournal extends MeterJournal {
        PausableJournal(Path file) {
            super(file);
        }

        @Override
        public void appendSnapshot(Measurement runningTotals, List<CounterMark> marks, String bootId) {
            if (pauseNextSnapshot) {
                pauseNextSnapshot = false;
                snapshotPaused.countDown();
                try {
                    resumeSnapshot.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            super.appendSnapshot(runningTotals, marks, bootId);
        }
    }
}
