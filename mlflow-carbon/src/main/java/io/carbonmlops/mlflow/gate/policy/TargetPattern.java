package io.carbonmlops.mlflow.gate.policy;

import io.carbonmlops.mlflow.gate.GateTarget;
import java.util.Objects;

/** A stage or alias pattern in a rule or exception: {@code stage: Production}, {@code alias: champion}, {@code alias: "*"}. */
public record TargetPattern(GateTarget.Kind kind, NamePattern name) {

    public TargetPattern {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    public boolean matches(GateTarget target) {
        return target.kind() == kind && name.matches(target.name());
    }

    @Override
    public String toString() {
        return (kind == GateTarget.Kind.STAGE ? "stage " : "alias ") + name;
    }
}
