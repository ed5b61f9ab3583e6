package io.carbonmlops.meter.gpu;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;

/**
 * One GPU as NVML numbers it. Converts NVML's millijoules and milliwatts to joules and watts here, once, so
 * nothing above this class sees NVML units. The handle stays valid while the device holds its share of the
 * {@link NvmlSession}; {@link #close()} gives that share back.
 */
public final class NvmlDevice implements GpuReader {
    private static final double MILLI = 1e-3;

    private final NvmlSession session;
    private final Nvml nvml;
    private final int index;
    private final Pointer handle;
    private boolean closed;

    NvmlDevice(NvmlSession session, int index, Pointer handle) {
        this.session = session.retain();
        this.nvml = session.nvml();
        this.index = index;
        this.handle = handle;
    }

    public int index() {
        return index;
    }

    /** Globally unique and stable, unlike the index: {@code GPU-…} (or {@code MIG-…} for a MIG handle). */
    public String uuid() throws NvmlException {
        byte[] buffer = new byte[Nvml.NVML_DEVICE_UUID_V2_BUFFER_SIZE];
        session.call("nvmlDeviceGetUUID", () -> nvml.nvmlDeviceGetUUID(handle, buffer, buffer.length));
        return Native.toString(buffer, "UTF-8");
    }

    public String name() throws NvmlException {
        byte[] buffer = new byte[Nvml.NVML_DEVICE_NAME_V2_BUFFER_SIZE];
        session.call("nvmlDeviceGetName", () -> nvml.nvmlDeviceGetName(handle, buffer, buffer.length));
        return Native.toString(buffer, "UTF-8");
    }

    @Override
    public double totalEnergyJoules() throws NvmlException {
        LongByReference millijoules = new LongByReference();
        session.call("nvmlDeviceGetTotalEnergyConsumption",
                () -> nvml.nvmlDeviceGetTotalEnergyConsumption(handle, millijoules));
        // unsigned long long: 2^63 mJ is 290 000 years at 1 kW, so the sign bit never carries a value.
        return millijoules.getValue() * MILLI;
    }

    @Override
    public double powerWatts() throws NvmlException {
        IntByReference milliwatts = new IntByReference();
        session.call("nvmlDeviceGetPowerUsage", () -> nvml.nvmlDeviceGetPowerUsage(handle, milliwatts));
        return Integer.toUnsignedLong(milliwatts.getValue()) * MILLI;
    }

    /** True when MIG mode is on: NVML then reports power and energy for the whole board only. */
    public boolean migEnabled() throws NvmlException {
        IntByReference current = new IntByReference();
        IntByReference pending = new IntByReference();
        try {
            session.call("nvmlDeviceGetMigMode", () -> nvml.nvmlDeviceGetMigMode(handle, current, pending));
        } catch (NvmlException e) {
            if (e.result() == NvmlReturn.ERROR_NOT_SUPPORTED || e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND) {
                return false; // not a MIG-capable part (pre-Ampere, or an older driver)
            }
            throw e;
        }
        return current.getValue() == Nvml.NVML_DEVICE_MIG_ENABLE;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            session.release();
        }
    }
}
