package io.patchbay.license.impl.identity;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Tolerant fingerprint matching, as Keygen's "match most": the license holds while more than half of the bound
 * fingerprint's weight still matches. Strong components (machine id, cloud/VM instance id, the MACs as a group)
 * weigh 2, weak ones (host name, OS, CPU) 1: one changed network card or a renamed host keeps the license, while a
 * data directory copied to another machine (which shares at most OS and CPU, perhaps a cloned machine id) does not.
 *
 * <p>MACs are compared as a set (a card may move slots): the group matches when any bound MAC is still present.
 * A bound fingerprint with no components (a container) matches anything: the instance key binds it alone.
 *
 * @param matchedWeight the weight of the bound components still present and equal
 * @param boundWeight   the total weight of the bound fingerprint
 * @param differing     the bound component names that no longer match (for the message; no values)
 */
public record FingerprintMatch(int matchedWeight, int boundWeight, List<String> differing) {

    public boolean matches() {
        return boundWeight == 0 || 2 * matchedWeight > boundWeight;
    }

    public static FingerprintMatch of(Map<String, String> bound, Map<String, String> current) {
        int matched = 0;
        int total = 0;
        Set<String> differing = new TreeSet<>();
        Set<String> boundMacs = new TreeSet<>();
        Set<String> currentMacs = new TreeSet<>();
        for (Map.Entry<String, String> e : bound.entrySet()) {
            if (e.getKey().startsWith(Fingerprints.MAC_PREFIX)) {
                boundMacs.add(e.getValue());
                continue;
            }
            int weight = weight(e.getKey());
            total += weight;
            if (e.getValue().equals(current.get(e.getKey()))) {
                matched += weight;
            } else {
                differing.add(e.getKey());
            }
        }
        current.forEach((k, v) -> {
            if (k.startsWith(Fingerprints.MAC_PREFIX)) {
                currentMacs.add(v);
            }
        });
        if (!boundMacs.isEmpty()) {
            total += 2;
            if (boundMacs.stream().anyMatch(currentMacs::contains)) {
                matched += 2;
            } else {
                differing.add("mac");
            }
        }
        return new FingerprintMatch(matched, total, List.copyOf(differing));
    }

    private static int weight(String component) {
        return switch (component) {
            case Fingerprints.MACHINE_ID, Fingerprints.INSTANCE_ID -> 2;
            default -> 1;
        };
    }
}
