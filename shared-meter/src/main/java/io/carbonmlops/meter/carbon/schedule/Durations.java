package io.carbonmlops.meter.carbon.schedule;

import java.time.Duration;

/** Durations as people write them: {@code 2h}, {@code 1h30m}, {@code 45m}, {@code 20s}. */
public final class Durations {
    private Durations() {}

    public static String text(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        return hours == 0 ? minutes + "m" : minutes == 0 ? hours + "h" : hours + "h" + minutes + "m";
    }
}
