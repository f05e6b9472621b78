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

    /**
     * A patch that is refused if its content crashed the process before.
     *
     * @param label          a name for reports and logs
     * @param artifacts      the bundle jars
     * @param allowDowngrade whether a bundle may go to a lower version
     */
    public Patch(String label, List<Artifact> artifacts, boolean allowDowngrade) {
        this(label, artifacts, allowDowngrade, false);
    }

    /**
     * Checks the parts: a label, at least one bundle.
     *
     * @param label          a name for reports and logs
     * @param artifacts      the bundle jars (copied)
     * @param allowDowngrade whether a bundle may go to a lower version
     * @param retryCrashed   whether to apply it although its content crashed the process before
     */
    public Patch {
        Objects.requireNonNull(label, "label");
        artifacts = List.copyOf(artifacts);
        if (artifacts.isEmpty()) {
            throw new IllegalArgumentException("a patch needs at least one bundle");
        }
    }

    /**
     * Reads each jar into a patch labelled with the first file's name.
     *
     * @param jars bundle jars (at least one)
     * @return the patch
     * @throws UncheckedIOException when a jar cannot be read
     */
    public static Patch of(Path... jars) {
        return of(jars[0].getFileName().toString(), List.of(jars));
    }

    /**
     * Reads each jar into a patch.
     *
     * @param label a name for reports and logs
     * @param jars  bundle jars (at least one)
     * @return the patch
     * @throws UncheckedIOException when a jar cannot be read
     */
    public static Patch of(String label, List<Path> jars) {
        List<Artifact> list = new ArrayList<>();
        for (Path jar : jars) {
            list.add(Artifact.read(jar));
        }
        return new Patch(label, list, false);
    }

    /**
     * This patch, allowed to take a bundle to a lower version than the committed one.
     *
     * @return a copy that allows downgrades
     */
    public Patch withDowngradeAllowed() {
        return new Patch(label, artifacts, true, retryCrashed);
    }

    /**
     * This patch, to be applied even though the same content crashed the process before.
     *
     * @return a copy that retries crashed content
     */
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

        /**
         * Checks that the name and the bytes are there.
         *
         * @param name     where it came from
         * @param bytes    the jar
         * @param replaces the symbolic name it replaces, or {@code null}
         */
        public Artifact {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(bytes, "bytes");
        }

        /**
         * Reads a jar file.
         *
         * @param jar the bundle jar
         * @return the artifact, named by the file name
         * @throws UncheckedIOException when it cannot be read
         */
        public static Artifact read(Path jar) {
            try {
                return new Artifact(jar.getFileName().toString(), Files.readAllBytes(jar), null);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read bundle " + jar, e);
            }
        }

        /**
         * This bundle, meant to replace exactly the bundle {@code symbolicName}; a mismatch is refused.
         *
         * @param symbolicName the symbolic name of the bundle it replaces
         * @return a copy that names what it replaces
         */
        public Artifact replacing(String symbolicName) {
            return new Artifact(name, bytes, symbolicName);
        }
    }
}
