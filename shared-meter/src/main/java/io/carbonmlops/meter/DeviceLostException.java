package io.carbonmlops.meter;

import java.io.IOException;
import java.nio.file.Path;

/** A device stopped answering during a measurement (GPU lost, file vanished). The message names device and cause. */
public class DeviceLostException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceLostException(String message) {
        super(message);
    }

    public DeviceLostException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A sysfs or procfs file that a source read before and cannot read now. */
    public static DeviceLostException unreadable(Path file, IOException cause) {
        return new DeviceLostException("cannot read " + file + " any more: " + cause, cause);
    }
}
