package io.patchbay.framework.impl.history;

import io.patchbay.framework.api.PatchLevel.BundleRecord;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.impl.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A record as the history stores it: free text bounded, fields checked, exactly as the file gives it back. */
final class StoredForm {
    private StoredForm() {
    }

    /**
     * @throws IllegalArgumentException for a record the file could not give back as it is (a bundle without a
     *                                  SHA-256, a patch id that is not one, a negative level)
     */
    static SwapRecord of(SwapRecord r) {
        for (BundleRecord b : r.bundles()) {
            if (b.symbolicName() == null || b.symbolicName().isEmpty() || b.version() == null
                    || !Sha256.isHex(b.sha256())) {
                throw new IllegalArgumentException("bundle record " + b + " cannot be stored");
            }
        }
        if (!r.patchId().isEmpty() && !Sha256.isHex(r.patchId())) {
            throw new IllegalArgumentException("patch id " + HistoryCodec.abbreviate(r.patchId()) + " is not a SHA-256");
        }
        if (r.levelBefore() < 0 || r.levelAfter() < 0) {
            throw new IllegalArgumentException("levels cannot be negative");
        }
        List<BundleRecord> bundles = r.bundles().stream()
                .map(b -> new BundleRecord(wellFormed(b.symbolicName()), wellFormed(b.version()), b.sha256())).toList();
        return new SwapRecord(r.sequence(), wellFormed(Texts.cut(r.transactionId(), SwapHistory.MAX_LABEL_CHARS)),
                wellFormed(Texts.cut(r.label(), SwapHistory.MAX_LABEL_CHARS)), r.patchId(), bundles, r.outcome(), r.at(),
                r.levelBefore(), r.levelAfter(), r.cause() == null ? null : wellFormed(Texts.cut(r.cause(), SwapHistory.MAX_CAUSE_CHARS)),
                r.timings());
    }

    /** What UTF-8 gives back: an unpaired surrogate becomes '?'. */
    private static String wellFormed(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
