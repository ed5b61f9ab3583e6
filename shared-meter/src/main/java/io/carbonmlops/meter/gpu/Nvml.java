package io.carbonmlops.meter.gpu;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The NVML functions the meter calls, by their versioned symbol names (the unversioned ones are C macros in
 * {@code nvml.h}; the library still exports the legacy v1 symbols, which must not be bound). Not API: use
 * {@link NvmlLibrary} and {@link NvmlDevice}, which convert units and map return codes.
 *
 * <p>Every function returns an {@code nvmlReturn_t}; {@code nvmlDevice_t} is an opaque pointer that is only
 * valid between {@code nvmlInit_v2} and the matching {@code nvmlShutdown}.
 */
public interface Nvml extends Library {
    int NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96;
    int NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96;
    int NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;
    int NVML_DEVICE_MIG_ENABLE = 1;

    int nvmlInit_v2();

    int nvmlShutdown();

    /** A static string owned by NVML; JNA copies it. */
    String nvmlErrorString(int result);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    int nvmlDeviceGetCount_v2(IntByReference deviceCount);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetUUID(Pointer device, byte[] uuid, int length);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    /** Millijoules since the driver was last loaded (Volta and newer). */
    int nvmlDeviceGetTotalEnergyConsumption(Pointer device, LongByReference energyMillijoules);

    /** Milliwatts: instantaneous up to GA100, a 1 s average on other Ampere and newer parts. */
    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference powerMilliwatts);

    int nvmlDeviceGetMigMode(Pointer device, IntByReference currentMode, IntByReference pendingMode);
}
