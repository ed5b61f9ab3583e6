package io.carbonmlops.meter.gpu;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which GPUs to measure: {@code MeterConfig.gpuSelection} when given, else what the work itself can see,
 * {@code CUDA_VISIBLE_DEVICES}, else {@code NVIDIA_VISIBLE_DEVICES}, else all.
 *
 * <p>Values: {@code all}; {@code none}, {@code void} or empty for no GPU; otherwise a comma-separated list of NVML
 * indexes and GPU UUIDs, where a UUID may be shortened to a unique prefix ({@code GPU-8f3a}) as CUDA allows.
 * Entries that cannot be measured become warnings naming them: {@code MIG-…} instances (NVML reports energy
 * per board only), unknown indexes, UUIDs that match no GPU or several, and anything else. For
 * {@code CUDA_VISIBLE_DEVICES}, CUDA itself ignores every entry after an invalid one, so this does too.
 *
 * <p>Indexes are NVML indexes (PCI bus order); they equal CUDA's when {@code CUDA_DEVICE_ORDER=PCI_BUS_ID}.
 */
final class GpuSelection {
    static final String CUDA_VISIBLE_DEVICES = "CUDA_VISIBLE_DEVICES";
    static final String NVIDIA_VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";

    /** A GPU NVML enumerated; {@code uuid} is null when it could not be read (no permission). */
    record Candidate(int index, String uuid) {}

    private final String origin;
    private final boolean all;
    private final Set<Integer> indexes = new LinkedHashSet<>();
    private final List<String> uuidPrefixes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private GpuSelection(String origin, boolean all) {
        this.origin = origin;
        this.all = all;
    }

    static GpuSelection from(Optional<String> configured, Map<String, String> env) {
        if (configured.isPresent()) {
            return parse("GPU selection '" + configured.get() + "'", configured.get(), false);
        }
        for (String variable : List.of(CUDA_VISIBLE_DEVICES, NVIDIA_VISIBLE_DEVICES)) {
            String value = env.get(variable);
            if (value != null) {
                return parse(variable + "=" + value, value, variable.equals(CUDA_VISIBLE_DEVICES));
            }
        }
        return new GpuSelection("all GPUs (no CUDA_VISIBLE_DEVICES or NVIDIA_VISIBLE_DEVICES)", true);
    }

    private static GpuSelection parse(String origin, String value, boolean stopAtInvalid) {
        String trimmed = value.trim().toLowerCase(Locale.ROOT);
        if (trimmed.equals("all")) {
            return new GpuSelection(origin, true);
        }
        GpuSelection selection = new GpuSelection(origin, false);
        if (trimmed.isEmpty() || trimmed.equals("none") || trimmed.equals("void")) {
            return selection;
        }
        String[] entries = value.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (!entry.isEmpty() && !selection.add(entry) && stopAtInvalid && i + 1 < entries.length) {
                selection.warnings.add(origin + ": CUDA ignores every entry after '" + entry + "', so this meter "
                        + "ignores them too: " + String.join(",", List.of(entries).subList(i + 1, entries.length)));
                break;
            }
        }
        return selection;
    }

    /** Adds one entry; false when it is not a valid index or UUID. */
    private boolean add(String entry) {
        String lower = entry.toLowerCase(Locale.ROOT);
        if (lower.chars().allMatch(Character::isDigit) && lower.length() <= 9) {
            indexes.add(Integer.parseInt(lower));
            return true;
        }
        if (lower.startsWith("gpu-") && lower.length() > 4) {
            uuidPrefixes.add(entry);
            return true;
        }
        if (lower.startsWith("mig-")) {
            warnings.add(origin + ": MIG instance " + entry + " is not measured on its own: NVML reports power and "
                    + "energy for the whole board only; select its parent GPU (by index or GPU- UUID) to measure "
                    + "the board");
            return true; // a valid CUDA entry: CUDA keeps reading after it
        }
        warnings.add(origin + ": '" + entry + "' is neither a GPU index nor a GPU UUID (GPU-…); ignored");
        return false;
    }

    String origin() {
        return origin;
    }

    boolean isNone() {
        return !all && indexes.isEmpty() && uuidPrefixes.isEmpty();
    }

    /** Warnings about the selection's text, known before NVML is asked anything. */
    List<String> parseWarnings() {
        return List.copyOf(warnings);
    }

    /**
     * The NVML indexes selected among {@code candidates}, ascending; adds a warning for every index NVML does not
     * have and every UUID that matches no readable GPU or more than one.
     */
    Set<Integer> select(List<Candidate> candidates, List<String> warningsOut) {
        Set<Integer> chosen = new TreeSet<>();
        for (Candidate candidate : candidates) {
            if (all || indexes.contains(candidate.index())) {
                chosen.add(candidate.index());
            }
        }
        for (int index : indexes) {
            if (candidates.stream().noneMatch(c -> c.index() == index)) {
                warningsOut.add(origin + ": there is no GPU with NVML index " + index + " (NVML sees "
                        + candidates.size() + "); ignored");
            }
        }
        for (String prefix : uuidPrefixes) {
            String lowerPrefix = prefix.toLowerCase(Locale.ROOT);
            List<Candidate> matches = candidates.stream()
                    .filter(c -> c.uuid() != null && c.uuid().toLowerCase(Locale.ROOT).startsWith(lowerPrefix)).toList();
            if (matches.size() == 1) {
                chosen.add(matches.get(0).index());
            } else {
                warningsOut.add(origin + ": " + prefix + (matches.isEmpty() ? " matches no GPU NVML can read"
                        : " matches " + matches.size() + " GPUs; give more of the UUID") + "; ignored");
            }
        }
        return chosen;
    }
}
