package io.patchbay.framework.impl.swap;

import io.patchbay.framework.impl.store.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * A patch named by its content: SHA-256 over its bundles' SHA-256s, sorted and joined by commas. The same bytes
 * under another label, or in another order, are the same patch; that is what lets a patch that crashed the process
 * be recognised when it comes again.
 */
public final class PatchIdentity {
    private PatchIdentity() {
    }

    public static String of(Collection<String> bundleHashes) {
        List<String> sorted = bundleHashes.stream().sorted().toList();
        return Sha256.hex(String.join(",", sorted).getBytes(StandardCharsets.UTF_8));
    }
}
