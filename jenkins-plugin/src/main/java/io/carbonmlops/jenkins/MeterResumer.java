package io.carbonmlops.jenkins;

import hudson.Extension;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.slaves.ComputerListener;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * When an agent comes (back) online, the tracked blocks whose body runs there check that their meter still runs:
 * an inbound agent re-executes its JVM whenever its connection drops, and the window is then resumed from its
 * journal ({@link CarbonTrackingExecution#resumeMeterOn}).
 */
@Extension
public final class MeterResumer extends ComputerListener {
    @Override
    public void onOnline(Computer computer, TaskListener listener) {
        String node = computer.getName();
        StepExecution.acceptAll(CarbonTrackingExecution.class, execution -> execution.resumeMeterOn(node));
    }
}
