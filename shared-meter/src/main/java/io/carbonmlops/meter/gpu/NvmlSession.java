package io.carbonmlops.meter.gpu;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.function.IntSupplier;

/**
 * One {@code nvmlInit_v2} ... {@code nvmlShutdown} pair, shared by the devices opened in it. Reference-counted:
 * each device {@link #retain() retains} it, and the last {@link #release()} calls {@code nvmlShutdown} exactly
 * once. Device handles are only valid while the session is open, so a call on a closed session answers
 * {@link NvmlReturn#ERROR_UNINITIALIZED} without reaching native code: a stale handle passed to NVML could
 * crash the JVM (a Jenkins agent).
 *
 * <p>Thread-safe: calls and the reference count share this object's lock, so a shutdown never runs in the
 * middle of a call. NVML calls take microseconds and the meter makes them from one thread, so the lock costs
 * nothing measurable.
 */
public final class NvmlSession {
    private final Nvml nvml;
    private int users = 1;

    NvmlSession(Nvml nvml) {
        this.nvml = nvml;
    }

    synchronized NvmlSession retain() {
        if (users == 0) {
            throw new IllegalStateException("NVML session already shut down");
        }
        users++;
        return this;
    }

    /** Drops one user; the last one calls {@code nvmlShutdown}. Extra calls are harmless. */
    public synchronized void release() {
        if (users > 0 && --users == 0) {
            invokeNative(nvml::nvmlShutdown); // a failed shutdown leaves nothing to recover
        }
    }

    public String driverVersion() throws NvmlException {
        byte[] buffer = new byte[Nvml.NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
        call("nvmlSystemGetDriverVersion", () -> nvml.nvmlSystemGetDriverVersion(buffer, buffer.length));
        return Native.toString(buffer, "UTF-8");
    }

    /** Includes devices this process may not open ({@code NO_PERMISSION} from {@link #device(int)}). */
    public int deviceCount() throws NvmlException {
        IntByReference count = new IntByReference();
        call("nvmlDeviceGetCount_v2", () -> nvml.nvmlDeviceGetCount_v2(count));
        return count.getValue();
    }

    /** Opens the device at an NVML index (PCI bus order, which is CUDA's only with CUDA_DEVICE_ORDER=PCI_BUS_ID). */
    public NvmlDevice device(int index) throws NvmlException {
        PointerByReference handle = new PointerByReference();
        call("nvmlDeviceGetHandleByIndex_v2", () -> nvml.nvmlDeviceGetHandleByIndex_v2(index, handle));
        if (handle.getValue() == null) {
            throw new NvmlException("nvmlDeviceGetHandleByIndex_v2", NvmlReturn.ERROR_UNKNOWN.code(),
                    "NVML returned a null handle for index " + index);
        }
        return new NvmlDevice(this, index, handle.getValue());
    }

    Nvml nvml() {
        return nvml;
    }

    /** Runs one NVML call and turns any code but {@code NVML_SUCCESS} into an {@link NvmlException}. */
    synchronized void call(String function, IntSupplier nativeCall) throws NvmlException {
        if (users == 0) {
            throw new NvmlException(function, NvmlReturn.ERROR_UNINITIALIZED.code(), "NVML session already shut down");
        }
        check(nvml, function, invokeNative(nativeCall));
    }

    static void check(Nvml nvml, String function, int result) throws NvmlException {
        if (result == NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code()) {
            throw new NvmlException(function, result, "the library does not export " + function
                    + ": it is not NVML, or an NVML too old for this meter");
        }
        if (result != NvmlReturn.SUCCESS.code()) {
            throw new NvmlException(function, result, errorText(nvml, result));
        }
    }

    private static String errorText(Nvml nvml, int result) {
        try {
            return nvml.nvmlErrorString(result);
        } catch (UnsatisfiedLinkError e) {
            return "no nvmlErrorString in this library";
        }
    }

    /**
     * A symbol missing from the library surfaces in JNA as {@link UnsatisfiedLinkError} at its first call; it
     * becomes {@code NVML_ERROR_FUNCTION_NOT_FOUND}, as NVML's own loader layers report it.
     */
    static int invokeNative(IntSupplier nativeCall) {
        try {
            return nativeCall.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return NvmlReturn.ERROR_FUNCTION_NOT_FOUND.code();
        }
    }
}
