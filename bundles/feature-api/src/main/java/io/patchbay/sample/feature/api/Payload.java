package io.patchbay.sample.feature.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A blob a bundle carries with it. The padded sample bundles provide one so that swap cost can be
 * measured on a bundle of realistic size, and so that a caller can tell which version answers.
 */
@ProviderType
public interface Payload {

    /**
     * The providing bundle's version, e.g. {@code "1.0.1"}.
     *
     * @return the version
     */
    String version();

    /**
     * How many bytes the payload holds.
     *
     * @return the size in bytes
     */
    long sizeBytes();
}
