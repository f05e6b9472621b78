package io.patchbay.sample.host.impl.json;

import io.patchbay.framework.api.PatchLevel;
import java.util.List;

/**
 * A {@link PatchLevel} as JSON.
 *
 * @param committedAt ISO-8601, or {@code null} before the first commit
 * @param running     whether the container runs exactly this level
 * @param degradedBy  why not, when it does not (a failed rollback being retried), else {@code null}
 */
public record PatchLevelView(long sequence, String committedAt, boolean running, String degradedBy,
                             List<BundleView> bundles) {

    public PatchLevelView {
        bundles = List.copyOf(bundles);
    }

    public record BundleView(String symbolicName, String version, String sha256) {
    }

    public static PatchLevelView of(PatchLevel level) {
        List<BundleView> bundles = level.bundles().stream()
                .map(b -> new BundleView(b.symbolicName(), b.version(), b.sha256()))
                .toList();
        return new PatchLevelView(level.sequence(),
                level.committedAt() == null ? null : level.committedAt().toString(), level.running(),
                level.degradedBy(), bundles);
    }

    /** The committed version of {@code symbolicName}, or {@code "-"} when the level does not hold it. */
    public String versionOf(String symbolicName) {
        return bundles.stream().filter(b -> b.symbolicName().equals(symbolicName))
                .map(BundleView::version).findFirst().orElse("-");
    }
}
