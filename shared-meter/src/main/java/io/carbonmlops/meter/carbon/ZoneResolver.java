package io.carbonmlops.meter.carbon;

import io.carbonmlops.meter.carbon.table.CloudRegion;
import io.carbonmlops.meter.carbon.table.CloudRegions;
import io.carbonmlops.meter.carbon.table.GridIntensityTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Turns what users type into a grid zone key: Electricity Maps zone keys exactly as the API keys them
 * (case-insensitive), ISO 3166-1 alpha-2 and alpha-3 country codes, and cloud regions ({@code aws:eu-west-1}).
 * Unknown input fails with close matches (prefix, then edit distance, then zone names).
 */
public final class ZoneResolver {
    private static final int MAX_SUGGESTIONS = 5;
    private static final int MAX_EDIT_DISTANCE = 2;

    private final GridIntensityTable table;
    private final CloudRegions regions;

    public ZoneResolver(GridIntensityTable table, CloudRegions regions) {
        this.table = table;
        this.regions = regions;
    }

    public static ZoneResolver shipped() {
        return new ZoneResolver(GridIntensityTable.shipped(), CloudRegions.shipped());
    }

    /** @throws UnknownZoneException naming close matches */
    public ResolvedZone resolve(String input) {
        String text = input.strip();
        Optional<CloudRegion> region = regions.find(text);
        if (region.isPresent()) {
            CloudRegion r = region.get();
            return new ResolvedZone(input, r.zone(), "cloud region " + r.id() + " (" + r.location() + ")");
        }
        Optional<String> zone = table.canonicalZone(text);
        if (zone.isPresent() && !zone.get().equals(GridIntensityTable.WORLD_ZONE)) {
            return new ResolvedZone(input, zone.get(), "");
        }
        if (text.length() == 3) {
            Optional<String> iso2 = table.iso2ForIso3(text);
            if (iso2.isPresent()) {
                return new ResolvedZone(input, iso2.get(), "ISO alpha-3 " + text.toUpperCase(Locale.ROOT));
            }
        }
        throw new UnknownZoneException(input, closeMatches(text));
    }

    /** Up to five known names starting with, or within two edits of, the input. */
    public List<String> closeMatches(String input) {
        String wanted = input.toUpperCase(Locale.ROOT);
        List<String> names = knownNames();
        Set<String> matches = new LinkedHashSet<>();
        if (wanted.length() >= 2) {
            names.stream().filter(n -> n.toUpperCase(Locale.ROOT).startsWith(wanted)).sorted()
                    .limit(MAX_SUGGESTIONS).forEach(matches::add);
        }
        names.stream()
                .map(n -> new Scored(n, editDistance(wanted, n.toUpperCase(Locale.ROOT))))
                .filter(s -> s.distance <= Math.min(MAX_EDIT_DISTANCE, Math.max(1, wanted.length() / 2)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .forEach(s -> matches.add(s.name));
        matches.addAll(byName(wanted));
        return matches.stream().limit(MAX_SUGGESTIONS).toList();
    }

    /** Zones whose name starts with, or is within two edits of, the input: "Germny" suggests "DE (Germany)". */
    private List<String> byName(String wanted) {
        if (wanted.length() < 3) {
            return List.of();
        }
        return table.preferredRows().stream()
                .filter(row -> !row.zone().equals(GridIntensityTable.WORLD_ZONE))
                .filter(row -> {
                    String name = row.name().toUpperCase(Locale.ROOT);
                    return name.startsWith(wanted) || editDistance(wanted, name) <= MAX_EDIT_DISTANCE;
                })
                .map(row -> row.zone() + " (" + row.name() + ")")
                .sorted()
                .toList();
    }

    private record Scored(String name, int distance) {}

    private List<String> knownNames() {
        List<String> names = new ArrayList<>(table.zones());
        names.remove(GridIntensityTable.WORLD_ZONE);
        names.addAll(table.iso3Codes());
        regions.all().forEach(r -> names.add(r.id()));
        return names;
    }

    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
