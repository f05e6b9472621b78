package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import java.util.Objects;
import org.osgi.framework.Version;

/**
 * A bundle jar that passed the publisher gate, with what the swap needs to know about it. Only the gate creates one
 * (the constructor is package-private), so a method that takes a {@code VerifiedBundle} cannot be handed bytes that
 * skipped verification: the container installs nothing else.
 */
public final class VerifiedBundle {
    private final String artifactName;
    private final String symbolicName;
    private final Version version;
    private final String sha256;
    private final byte[] bytes;

    VerifiedBundle(String artifactName, String symbolicName, Version version, String sha256, byte[] bytes) {
        this.artifactName = Objects.requireNonNull(artifactName);
        this.symbolicName = Objects.requireNonNull(symbolicName);
        this.version = Objects.requireNonNull(version);
        this.sha256 = Objects.requireNonNull(sha256);
        this.bytes = Objects.requireNonNull(bytes);
    }

    public String artifactName() {
        return artifactName;
    }

    public String symbolicName() {
        return symbolicName;
    }

    public Version version() {
        return version;
    }

    public String sha256() {
        return sha256;
    }

    /** The verified jar. Not copied, for speed: callers must not change it. */
    public byte[] bytes() {
        return bytes;
    }

    public BundleRecord record() {
        return new BundleRecord(symbolicName, version.toString(), sha256);
    }

    @Override
    public String toString() {
        return symbolicName + " " + version + " (" + artifactName + ", sha256 " + sha256 + ")";
    }
}
