package io.carbonmlops.jenkins.schedule;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When {@code waitForLowCarbon} lets the Pipeline go on, and why: persisted with the step (so a controller restart
 * resumes the same wait) and shown on the build page.
 *
 * @param zone        the zone planned for
 * @param decidedAt   when the plan was made
 * @param start       the chosen start (at or after {@code decidedAt})
 * @param summary     one line for the build page
 * @param details     the figures the plan rests on, one line each
 * @param shift       the planned half of the {@code shift} section ({@code ShiftSection.planned}, as JSON text) that
 *                    each later {@code withCarbonTracking} block completes with its own saving; empty for a plan
 *                    persisted by an earlier version
 */
public record LowCarbonPlan(String zone, Instant decidedAt, Instant start, String summary, List<String> details,
        String shift) implements Serializable {
    private static final long serialVersionUID = 1L;

    public LowCarbonPlan {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(decidedAt, "decidedAt");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(summary, "summary");
        details = List.copyOf(details);
        shift = Objects.requireNonNullElse(shift, ""); // a plan persisted before shifts were kept has none
    }

    public boolean startsNow() {
        return !start.isAfter(decidedAt);
    }
}
