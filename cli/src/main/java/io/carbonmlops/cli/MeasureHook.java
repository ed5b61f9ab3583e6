package io.carbonmlops.cli;

import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * An addition to {@code carbon measure} (carbon intensity, MLflow logging): usually an options {@code @Mixin} of
 * {@link MeasureCommand} that is also listed in {@link MeasureCommand#hooks()}. Hooks run in list order.
 *
 * <p>A hook that throws does not change the exit code: its message becomes a warning in the summary and in the
 * JSON, because the measured command's result must survive a failing add-on.
 */
public interface MeasureHook {
    /**
     * Before anything runs: checks what option parsing alone cannot (options that need each other, settings from the
     * environment), so a mistake costs no run.
     *
     * @throws picocli.CommandLine.ParameterException naming the option and the fix
     */
    default void checkOptions() {}

    /**
     * Before the command starts: adds variables to its environment (for example {@code MLFLOW_RUN_ID}).
     *
     * @param environment the variables carbon adds on top of its own environment; add to it
     */
    default void beforeCommand(Map<String, String> environment) throws Exception {}

    /**
     * After the command ended and the measurement is complete, before the JSON file and the summary are written.
     *
     * @param json         the measurement's JSON document; add fields to it
     * @param summaryLines lines of the human summary printed on stderr; add to it
     */
    default void afterCommand(MeasureOutcome outcome, JsonObject json, List<String> summaryLines) throws Exception {}
}
