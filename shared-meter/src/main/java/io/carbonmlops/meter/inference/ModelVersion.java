package io.carbonmlops.meter.inference;

import java.util.Objects;
import java.util.Optional;

/**
 * The model whose predictions are counted: a registered model's name and, when it is a registry version, its version
 * (an unregistered batch model has none).
 */
public record ModelVersion(String name, Optional<String> version) {
    public ModelVersion {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model name is required to count predictions (e.g. --model-name fraud)");
        }
        Objects.requireNonNull(version, "version");
        version = version.filter(v -> !v.isBlank());
    }

    public static ModelVersion of(String name, String version) {
        return new ModelVersion(name, Optional.ofNullable(version));
    }

    public static ModelVersion unversioned(String name) {
        return new ModelVersion(name, Optional.empty());
    }

    /** {@code fraud v3}, or {@code fraud} without a version. */
    public String describe() {
        return version.map(v -> name + " v" + v).orElse(name);
    }
}
