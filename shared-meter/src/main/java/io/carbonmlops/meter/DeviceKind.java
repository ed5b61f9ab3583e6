package io.carbonmlops.meter;

import java.util.Locale;

/** What a device measurement is about. The JSON and MLflow spelling is {@link #label()}. */
public enum DeviceKind {
    GPU, CPU, RAM;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
