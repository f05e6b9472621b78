package io.patchbay.crypto.api.request;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request's header values by name, as the HTTP layer received them. Names are matched without regard
 * to case (HTTP); every occurrence of a header is returned, so a repeated signature header is seen and
 * refused rather than one copy silently picked.
 */
@FunctionalInterface
public interface HeaderSource {

    /**
     * All values of one header.
     *
     * @param name a header name, in any case
     * @return every value of the header, in order; empty if absent (never null)
     */
    List<String> values(String name);

    /**
     * One value per name, for tests and simple adapters; names are matched case-insensitively. A map
     * cannot hold a repeated header, so use a real adapter where repeats must be refused.
     *
     * @param headers header name to value; copied. Two names differing only in case keep the later one
     *                in the map's iteration order
     * @return a source over a copy of the map
     */
    static HeaderSource of(Map<String, String> headers) {
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return name -> byName.containsKey(name) ? List.of(byName.get(name)) : List.of();
    }
}
