package io.patchbay.agent.impl.update;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The one rule that lets the agent go to a lower level: the server marked the offer as a rollback AND the downloaded
 * bytes are exactly a patch this runtime COMMITTED before (the same patch id in its swap history). A compromised
 * server can then only send a host back to what that host itself ran, never to an arbitrary old signed release.
 *
 * <p>The patch id is the framework's ({@link SwapRecord#patchId()}): SHA-256 over the patch's bundles' SHA-256s
 * (lower-case hex), sorted and joined by commas. The framework keeps its implementation in a non-exported package, so
 * the definition is repeated here; {@code RollbackTest} pins it against a real runtime's history, so a change on
 * either side fails the build instead of refusing every rollback.
 */
public final class RollbackCheck {
    /** How far back the history is searched (newest first); an older commit does not qualify: refused, fail closed. */
    static final int HISTORY_SCAN = 1024;

    private RollbackCheck() {
    }

    /** The framework's patch id of these artifacts. */
    public static String patchId(List<Patch.Artifact> artifacts) {
        List<String> hashes = artifacts.stream().map(a -> hex(a.bytes())).sorted().toList();
        return hex(String.join(",", hashes).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @return why {@code artifacts} may not be applied as a rollback of {@code deployment}, or empty when this
     *         runtime committed exactly them before
     */
    static Optional<String> refusal(PatchService patches, Deployment deployment, List<Patch.Artifact> artifacts) {
        String id = patchId(artifacts);
        boolean committedBefore = patches.history(HISTORY_SCAN).stream()
                .anyMatch(r -> r.outcome() == SwapResult.Outcome.COMMITTED && r.patchId().equals(id));
        if (committedBefore) {
            return Optional.empty();
        }
        return Optional.of("rollback to a patch this host never committed: release " + deployment.releaseId()
                + " (level " + deployment.level() + ", patch " + id + ") is not in the last " + HISTORY_SCAN
                + " records of this runtime's swap history as COMMITTED; a rollback may only return to bytes this host"
                + " ran before");
    }

    private static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }
}
