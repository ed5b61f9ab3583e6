package io.carbonmlops.jenkins.ledger;

import io.carbonmlops.jenkins.tracking.BlockRecord;
import io.carbonmlops.jenkins.tracking.StartedRun;
import io.carbonmlops.ledger.Attribution;
import java.util.Map;
import java.util.Optional;

/**
 * The attribution a block's ledger entry is signed with, fixed when the block ends: the MLflow run the controller
 * created or attached, the enclosing block's run, the job, build and agent the controller knows ({@link BlockOrigin}),
 * and the team, project, pipeline and model the Pipeline named in the step's {@code tags}.
 *
 * <p>Tags read: {@code carbon.team} or {@code team}, {@code carbon.project} or {@code project},
 * {@code carbon.pipeline_id} or {@code pipeline_id}, {@code carbon.model_name} or {@code model_name}. Without a
 * pipeline tag the pipeline is the build ({@code JOB#BUILD}): every block of one build belongs to one pipeline.
 */
public final class BlockAttribution {
    private BlockAttribution() {}

    public static Attribution of(BlockRecord record, BlockOrigin origin) {
        Map<String, String> tags = record.settings().tags();
        Optional<StartedRun> run = record.run();
        return Attribution.none()
                .withMlflowRun(run.map(StartedRun::experimentId).orElse(null), run.map(StartedRun::runId).orElse(null))
                .withParentRunId(record.build().parentRunId())
                .withPipelineId(tag(tags, "pipeline_id").orElse(origin.job() + "#" + origin.buildNumber()))
                .withTeam(tag(tags, "team").orElse(null))
                .withProject(tag(tags, "project").orElse(null))
                .withModelName(tag(tags, "model_name").orElse(null))
                .withStage(record.build().stage())
                .withJenkins(origin.job(), origin.buildNumber(), origin.agentName())
                .withHost(origin.host());
    }

    /** {@code carbon.NAME}, else {@code NAME}. */
    private static Optional<String> tag(Map<String, String> tags, String name) {
        return Optional.ofNullable(tags.get("carbon." + name)).or(() -> Optional.ofNullable(tags.get(name)))
                .filter(value -> !value.isBlank());
    }
}
