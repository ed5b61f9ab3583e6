package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

/** Stand-in: an action told about the build it is attached to (also after loading build.xml). */
public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
