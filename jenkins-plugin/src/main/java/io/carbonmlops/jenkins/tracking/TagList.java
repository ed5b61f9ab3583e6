package io.carbonmlops.jenkins.tracking;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the {@code tags: ['key=value', …]} parameter, the way {@code withEnv} takes its overrides. */
public final class TagList {
    private TagList() {}

    /**
     * @throws IllegalArgumentException naming the first entry that is not {@code key=value} with a non-blank key,
     *                                  or a key given twice
     */
    public static Map<String, String> parse(List<String> entries) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0 || entry.substring(0, eq).isBlank()) {
                throw new IllegalArgumentException("tag '" + entry + "' must look like key=value (for example team=vision)");
            }
            String key = entry.substring(0, eq).trim();
            if (tags.put(key, entry.substring(eq + 1)) != null) {
                throw new IllegalArgumentException("tag '" + key + "' is given twice");
            }
        }
        return tags;
    }
}
