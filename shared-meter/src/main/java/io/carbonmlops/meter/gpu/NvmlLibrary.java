package io.carbonmlops.meter.gpu;

import com.sun.jna.Native;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loaded {@code libnvidia-ml}: loaded once per location for the life of the JVM (the dynamic loader cannot
 * unload it safely anyway), initialised per {@link #openSession() session}.
 *
 * <p>Location: an explicit file path (from {@code MeterConfig.nvmlLibrary} or {@code CARBON_NVML_LIBRARY}),
 * else {@value #DEFAULT_NAME} through the dynamic loader, which is what the driver installs. The bare
 * {@code libnvidia-ml.so} is deliberately not tried: it is often the CUDA toolkit's link-time stub, whose
 * {@code nvmlInit} fails.
 */
public final class NvmlLibrary {
    public static final String DEFAULT_NAME = "libnvidia-ml.so.1";
    /** Environment variable naming the library file to load instead of {@value #DEFAULT_NAME}. */
    public static final String LIBRARY_ENV = "CARBON_NVML_LIBRARY";

    private static final Map<String, NvmlLibrary> LOADED = new ConcurrentHashMap<>();

    private final String location;
    private final Nvml nvml;

    private NvmlLibrary(String location, Nvml nvml) {
        this.location = location;
        this.nvml = nvml;
    }

    /**
     * Loads the library at {@code location} (a path, or a name for the dynamic loader), or returns the one loaded
     * before. A failed load is not remembered, so a later call may succeed once the driver is installed.
     *
     * @throws NvmlException {@link NvmlReturn#ERROR_LIBRARY_NOT_FOUND} naming the location and the remedy
     */
    public static NvmlLibrary load(String location) throws NvmlException {
        Objects.requireNonNull(location, "location");
        NvmlLibrary loaded = LOADED.get(location);
        if (loaded != null) {
            return loaded;
        }
        boolean isPath = location.contains("/");
        if (isPath && !Files.isRegularFile(Path.of(location))) {
            throw libraryNotFound(location, "no such file", null);
        }
        // JNA searches its library paths for relative names; a path given by the user means that file.
        String target = isPath ? Path.of(location).toAbsolutePath().toString() : location;
        try {
            loaded = new NvmlLibrary(location, Native.load(target, Nvml.class));
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            throw libraryNotFound(location, firstLine(e.getMessage()), e);
        }
        NvmlLibrary raced = LOADED.putIfAbsent(location, loaded);
        return raced != null ? raced : loaded;
    }

    /** JNA lists every place it searched, one per line; the first line says what failed, the cause keeps the rest. */
    private static String firstLine(String message) {
        if (message == null) {
            return "unknown loader error";
        }
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip().replaceAll("[:;]$", "");
    }

    private static NvmlException libraryNotFound(String location, String why, Throwable cause) {
        String remedy = location.contains("/")
                ? "check the path given by " + LIBRARY_ENV + " (or MeterConfig.nvmlLibrary)"
                : "install the NVIDIA driver, or set " + LIBRARY_ENV + " to the path of libnvidia-ml.so.1";
        return new NvmlException("load " + location, NvmlReturn.ERROR_LIBRARY_NOT_FOUND.code(),
                "cannot load the NVML library: " + why + "; " + remedy, cause);
    }

    public String location() {
        return location;
    }

    /** Calls {@code nvmlInit_v2}; the session calls {@code nvmlShutdown} when its last user releases it. */
    public NvmlSession openSession() throws NvmlException {
        NvmlSession.check(nvml, "nvmlInit_v2", NvmlSession.invokeNative(nvml::nvmlInit_v2));
        return new NvmlSession(nvml);
    }
}
