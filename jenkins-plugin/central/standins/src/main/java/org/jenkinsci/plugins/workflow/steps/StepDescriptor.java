package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Map;
import java.util.Set;

/** Stand-in: only the members the plugin overrides. */
public abstract class StepDescriptor extends Descriptor<Step> {
    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        throw new UnsupportedOperationException("compile-only stand-in");
    }

    public String argumentsToString(Map<String, Object> namedArgs) {
        throw new UnsupportedOperationException("compile-only stand-in");
    }
}
