package io.carbonmlops.meter.gpu;

import io.carbonmlops.meter.DeviceId;
import io.carbonmlops.meter.DeviceLostException;

/** Turns a failed reading during a measurement into the meter's {@link DeviceLostException}. */
final class GpuLoss {
    private GpuLoss() {}

    interface Reading {
        double read() throws NvmlException;
    }

    static double read(DeviceId device, Reading reading) throws DeviceLostException {
        try {
            return reading.read();
        } catch (NvmlException e) {
            throw new DeviceLostException(message(device, e), e);
        }
    }

    private static String message(DeviceId device, NvmlException e) {
        String remedy = e.result() == NvmlReturn.ERROR_GPU_IS_LOST
                ? "the GPU fell off the bus or the driver lost it; check `nvidia-smi` and the kernel log for Xid errors"
                : "NVML stopped answering for this GPU";
        return "NVML lost " + device.describe() + ": " + e.getMessage() + "; " + remedy;
    }
}
