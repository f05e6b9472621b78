package io.patchbay.sample.formatter.impl;

import io.patchbay.sample.formatter.NameFormatter;

/**
 * Version 1.1.0: also collapses runs of spaces and capitalises every word ("ada  lovelace" →
 * "Ada Lovelace"), so a caller can tell which formatter revision its importer is wired to.
 */
public final class StandardNameFormatter implements NameFormatter {

    @Override
    public String format(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a name is required");
        }
        StringBuilder out = new StringBuilder();
        for (String word : name.strip().split("\\s+")) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.toString();
    }
}
