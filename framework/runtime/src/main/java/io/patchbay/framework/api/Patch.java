package io.patchbay.framework.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One or more bundles applied as a unit: either all of them reach the new version, or none does.
 *
 * @param label          a name for reports and logs (for example a release id)
 * @param artifacts      the bundle jars, in no particular order
 * @param allowDowngrade whether a bundle may go to a lower version than the committed one
 * @param retryCrashed   whether to apply this patch although the same content was in flight when the process
 *                       died before (the swap history records it as {@link SwapResult.Outcome#CRASHED}); without
 *                       it such a patch is refused, so a patch that kills its host cannot crash-loop it
 */
public record Patch(String label, List<Artifact> artifacts, boolean allowDowngrade, boolean retryCrashed) {

    public Patch(String label, List<Artifact> artifacts, boolean allowDowngrade) {
        this(label, artifacts, allowDowngrade, false);
    }

    public Patch {
        Objects.requireNonNull(label, "label");
        artifacts = List.copyOf(artifacts);
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a patch needs at least one bundle");
        }
    }

    /** Reads each jar into a patch labelled with the first file's name. */
    public static Patch of(Path... jars) {
        return of(jars[0].getFileName().toString(), List.of(jars));
    }

    public static Patch of(String label, List<Path> jars) {
        List<Artifact> list = new ArrayList<>();
        for (Path jar : jars) {
            list.add(Artifact.read(jar));
        }
        return new Patch(label, list, false);
    }

    public Patch withDowngradeAllowed() {
        return new Patch(label, artifacts, true, retryCrashed);
    }

    /** This patch, to be applied even though the same content crashed the process before. */
    public Patch retryingCrashed() {
        return new Patch(label, artifacts, allowDowngrade, true);
    }

    /**
     * One bundle jar of a patch.
     *
     * @param name     where it came from, used in error messages
     * @param bytes    the jar
     * @param replaces the symbolic name this bundle is meant to replace, or {@code null} for "whatever
     *                 has the same symbolic name, or a new bundle"; a mismatch is refused
     */
    public record Artifact(String name, byte[] bytes, String replaces) {

        public Artifact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bytes, "bytes");
        }

        public static Artifact read(Path jar) {
            try {
                return new Artifact(jar.getFileName().toString(), Files.readAllBytes(jar), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundle " + jar, e);
            }
        }

        public Artifact replacing(String symbolicName) {
            return new Artifact(name, bytes, symbolicName);
        }
    }
}
