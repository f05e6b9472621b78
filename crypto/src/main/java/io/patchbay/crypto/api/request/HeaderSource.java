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

    /** @return every value of the header, in order; empty if absent (never null) */
    List<String> values(String name);

    /** One value per name, for tests and simple adapters; names are matched case-insensitively. */
    static HeaderSource of(Map<String, String> headers) {
        TreeMap<String, String> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        byName.putAll(headers);
        return name -> byName.containsKey(name) ? List.of(byName.get(name)) : List.of();
    }
}
