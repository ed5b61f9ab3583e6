package io.carbonmlops.meter.gpu;

/**
 * An NVML call that did not return {@code NVML_SUCCESS}. The message names the function, the code's C name and
 * NVML's own text ({@code nvmlErrorString}), e.g.
 * {@code nvmlDeviceGetPowerUsage: NVML_ERROR_GPU_IS_LOST (15, "GPU is lost")}.
 */
public final class NvmlException extends Exception {
    private static final long serialVersionUID = 1L;

    private final NvmlReturn result;
    private final int code;

    NvmlException(String function, int code, String nvmlText) {
        this(function, code, nvmlText, null);
    }

    NvmlException(String function, int code, String nvmlText, Throwable cause) {
        super(function + ": " + NvmlReturn.of(code).symbol() + " (" + code + ", \"" + nvmlText + "\")", cause);
        this.result = NvmlReturn.of(code);
        this.code = code;
    }

    /** The typed return code; {@link NvmlReturn#ERROR_UNKNOWN} for a code newer than this table. */
    public NvmlReturn result() {
        return result;
    }

    /** The raw {@code nvmlReturn_t} as NVML returned it. */
    public int code() {
        return code;
    }
}
