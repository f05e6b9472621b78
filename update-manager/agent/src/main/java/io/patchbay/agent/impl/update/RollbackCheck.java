package io.patchbay.agent.impl.update;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The one rule that lets the agent go to a lower level: the server marked the offer as a rollback AND the downloaded
 * bytes are exactly a patch this runtime COMMITTED before (the same bundle SHA-256s as a COMMITTED record of its swap
 * history). A compromised server can then only send a host back to what that host itself ran, never to an arbitrary
 * old signed release. The bytes are compared through the framework's own record of them ({@link SwapRecord#bundles()}),
 * so nothing of the framework's internals is repeated here.
 */
public final class RollbackCheck {
    /** How far back the history is searched (newest first); an older commit does not qualify: refused, fail closed. */
    static final int HISTORY_SCAN = 1024;

    private RollbackCheck() {
    }

    /** The artifacts' SHA-256s (lower-case hex), sorted: what a swap record lists for the same bytes. */
    public static List<String> hashes(List<Patch.Artifact> artifacts) {
        return artifacts.stream().map(a -> hex(a.bytes())).sorted().toList();
    }

    /** Whether {@code record}'s bundles are exactly the bytes with these sorted {@code hashes}. */
    public static boolean sameBytes(SwapRecord record, List<String> hashes) {
        return record.bundles().stream().map(BundleRecord::sha256).sorted().toList().equals(hashes);
    }

    /**
     * @return why {@code artifacts} may not be applied as a rollback of {@code deployment}, or empty when this
     *         runtime committed exactly them before
     */
    static Optional<String> refusal(PatchService patches, Deployment deployment, List<Patch.Artifact> artifacts) {
        List<String> hashes = hashes(artifacts);
        boolean committedBefore = patches.history(HISTORY_SCAN).stream()
                .anyMatch(r -> r.outcome() == SwapResult.Outcome.COMMITTED && sameBytes(r, hashes));
        if (committedBefore) {
            return Optional.empty();
        }
        return Optional.of("rollback to a patch this host never committed: release " + deployment.releaseId()
                + " (level " + deployment.level() + ", bundles " + hashes + ") is not in the last " + HISTORY_SCAN
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
