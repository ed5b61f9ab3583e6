package io.carbonmlops.jenkins.tracking;

import java.util.LinkedHashMap;
import java.util.Map;

/** The MLflow tags that tie a run to the Jenkins build that produced it. */
public final class JenkinsTags {
    private JenkinsTags() {}

    /** Tags set when the run starts: where it runs, the user's tags, and the parent run of an enclosing block. */
    public static Map<String, String> atStart(BuildInfo build, TrackingSettings settings, String meterId) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("jenkins.job", build.job());
        tags.put("jenkins.build_number", build.buildNumber());
        putIfPresent(tags, "jenkins.build_url", build.buildUrl());
        tags.put("jenkins.node", build.node());
        putIfPresent(tags, "jenkins.stage", build.stage());
        tags.put("carbon.meter_id", meterId);
        putIfPresent(tags, "mlflow.parentRunId", build.parentRunId());
        tags.putAll(settings.tags());
        return tags;
    }

    /** Tags set when the body has ended. */
    public static Map<String, String> atEnd(BodyOutcome outcome) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("carbon.outcome", outcome.label());
        tags.put("carbon.aborted", Boolean.toString(outcome == BodyOutcome.ABORTED));
        return tags;
    }

    private static void putIfPresent(Map<String, String> tags, String key, String value) {
        if (value != null) {
            tags.put(key, value);
        }
    }
}
