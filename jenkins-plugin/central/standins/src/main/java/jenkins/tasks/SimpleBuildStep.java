package jenkins.tasks;

import hudson.model.Action;
import java.util.Collection;

/** Stand-in: only the nested interface the plugin uses (the real one extends BuildStep and has perform methods). */
public interface SimpleBuildStep {
    /** An action of the last successful build that adds actions to its job's page. */
    interface LastBuildAction extends Action {
        Collection<? extends Action> getProjectActions();
    }
}
