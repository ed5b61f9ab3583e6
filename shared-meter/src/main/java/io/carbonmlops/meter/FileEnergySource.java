package io.carbonmlops.meter;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * An {@link EnergySource} that reads one sysfs or procfs file at every poll (a RAPL counter, {@code /proc/stat},
 * {@code /proc/meminfo}). It holds what such sources share: the device, the method, the poll interval, and a read
 * that turns a file that can no longer be read into the loss of the device. Every read opens and closes the file,
 * so there is nothing to close.
 */
public abstract class FileEnergySource implements EnergySource {
    /** Turns a file's text into a value; {@code file} is for the message of an {@link IOException}. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text, Path file) throws IOException;
    }

    private final DeviceId device;
    private final MeasurementMethod method;
    private final Duration pollInterval;
    private final Path file;
    private final TextFileReader reader;

    protected FileEnergySource(DeviceId device, MeasurementMethod method, Duration pollInterval, Path file,
            TextFileReader reader) {
        this.device = device;
        this.method = method;
        this.pollInterval = pollInterval;
        this.file = file;
        this.reader = reader;
    }

    /** Reads and parses {@code file} once (discovery's first reading). */
    public static <T> T read(Path file, TextFileReader reader, Parser<T> parser) throws IOException {
        return parser.parse(reader.read(file), file);
    }

    /**
     * Reads and parses this source's file now.
     *
     * @throws DeviceLostException when it cannot be read or parsed any more
     */
    protected final <T> T readNow(Parser<T> parser) throws DeviceLostException {
        try {
            return read(file, reader, parser);
        } catch (IOException e) {
            throw new DeviceLostException("cannot read " + file + " any more: " + e, e);
        }
    }

    @Override
    public final DeviceId device() {
        return device;
    }

    @Override
    public final MeasurementMethod method() {
        return method;
    }

    @Override
    public final Duration pollInterval() {
        return pollInterval;
    }

    @Override
    public void close() {
        // Nothing held open between reads.
    }
}
