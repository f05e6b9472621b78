package io.patchbay.license.server.impl.service;

import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server's tolerant machine match ("match most", as the client does): two fingerprints are the same machine when
 * more than half of the components either names agree. One changed network card keeps the machine; a data directory
 * copied to another host (other machine id, MACs, host name, CPU) does not. Two empty fingerprints (an instance that
 * reports none) are the same machine: the instance key alone identifies it.
 */
public final class Fingerprints {
    private Fingerprints() {
    }

    public static boolean sameMachine(Map<String, String> a, Map<String, String> b) {
        Set<String> names = new HashSet<>(a.keySet());
        names.addAll(b.keySet());
        if (names.isEmpty()) {
            return true;
        }
        int agreeing = 0;
        for (String name : names) {
            if (a.containsKey(name) && Objects.equals(a.get(name), b.get(name))) {
                agreeing++;
            }
        }
        return agreeing * 2 > names.size();
    }
}
