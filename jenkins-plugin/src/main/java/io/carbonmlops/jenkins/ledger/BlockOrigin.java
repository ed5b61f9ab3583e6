package io.carbonmlops.jenkins.ledger;

import java.util.Objects;

/**
 * Where a block ran, as the controller knows it (the {@code Run} and the node whose channel served the workspace),
 * never as the build's environment says: a Pipeline can set {@code JOB_NAME} or {@code NODE_NAME} with {@code withEnv}.
 *
 * @param job         the job's full name
 * @param buildNumber the build's number
 * @param agent       the node that ran the body ("" is the built-in node)
 * @param host        the agent's host name as its computer reports it; null when unknown
 */
public record BlockOrigin(String job, String buildNumber, String agent, String host) {
    public BlockOrigin {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(buildNumber, "buildNumber");
        Objects.requireNonNull(agent, "agent");
    }

    /** The node's name as the ledger spells it: the built-in node is {@code built-in}. */
    public String agentName() {
        return agent.isEmpty() ? "built-in" : agent;
    }
}
