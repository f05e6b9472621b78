package io.patchbay.sample.formatter;

import io.patchbay.sample.formatter.impl.StandardNameFormatter;

/** Where importers get a formatter; the implementation stays private to this bundle. */
public final class NameFormatters {

    private NameFormatters() {
    }

    public static NameFormatter standard() {
        return new StandardNameFormatter();
    }
}
