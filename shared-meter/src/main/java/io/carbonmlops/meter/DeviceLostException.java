package io.carbonmlops.meter;

/** A device stopped answering during a measurement (GPU lost, file vanished). The message names device and cause. */
public class DeviceLostException extends Exception {
    private static final long serialVersionUID = 1L;

    public DeviceLostException(String message) {
        super(message);
    }

    public DeviceLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
