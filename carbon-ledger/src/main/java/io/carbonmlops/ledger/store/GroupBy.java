package io.carbonmlops.ledger.store;

import java.util.List;
import java.util.Locale;

/**
 * What grouped totals ({@link LedgerStore#groupTotals}) are grouped by: an attribution field, the model version or the
 * intensity zone, read from the signed payload where no column holds it.
 */
public enum GroupBy {
    TEAM(List.of("attribution", "team")),
    PROJECT(List.of("attribution", "project")),
    MODEL(List.of("attribution", "model_name")),
    /** Model name and registry version: {@code fraud@3} ({@code fraud@} without a version). */
    VERSION(List.of("attribution", "model_name")),
    PIPELINE(List.of("attribution", "pipeline_id")),
    ZONE(List.of("body", "intensity", "zone")),
    /** The Jenkins agent (node) the work ran on. */
    AGENT(List.of("attribution", "jenkins_agent"));

    static final List<String> MODEL_VERSION_PATH = List.of("attribution", "model_version");

    private final List<String> path;

    GroupBy(List<String> path) {
        this.path = path;
    }

    /** The JSON path in the payload. */
    List<String> path() {
        return path;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the known dimensions
     */
    public static GroupBy parse(String text) {
        for (GroupBy g : values()) {
            if (g.label().equals(text.strip().toLowerCase(Locale.ROOT))) {
                return g;
            }
        }
        throw new IllegalArgumentException("unknown grouping '" + text + "'; use one of team, project, model, version, "
                + "pipeline, zone, agent");
    }
}
