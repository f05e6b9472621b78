package io.patchbay.sample.formatter;

import org.osgi.annotation.versioning.ProviderType;

/** Turns what a person typed into a name fit for display. */
@ProviderType
public interface NameFormatter {

    /**
     * @throws IllegalArgumentException if {@code name} is null or blank
     */
    String format(String name);
}
