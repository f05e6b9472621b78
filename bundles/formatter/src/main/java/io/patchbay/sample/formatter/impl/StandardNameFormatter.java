package io.patchbay.sample.formatter.impl;

import io.patchbay.sample.formatter.NameFormatter;

/** Version 1.0.0: trims the name and capitalises its first letter ("ada lovelace" → "Ada lovelace"). */
public final class StandardNameFormatter implements NameFormatter {

    @Override
    public String format(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a name is required");
        }
        String trimmed = name.strip();
        return Character.toUpperCase(trimmed.charAt(0)) + trimmed.substring(1);
    }
}
