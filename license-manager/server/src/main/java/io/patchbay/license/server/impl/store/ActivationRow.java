package io.patchbay.license.server.impl.store;

import java.time.Instant;
import java.util.Map;

/**
 * One instance bound to a license.
 *
 * @param fingerprint     as reported at activation (what the token binds)
 * @param lastFingerprint as reported at the latest renewal
 * @param lastIssuedAt    the instance's own clock at its latest request (a later request older than it: clock set back)
 */
public record ActivationRow(String id, String licenseId, String instanceKey, Map<String, String> fingerprint,
                            Map<String, String> lastFingerprint, String clientId, boolean offline, Instant activatedAt,
                            Instant lastSeenAt, Instant lastIssuedAt, Instant deactivatedAt, String deactivatedWhy) {

    public boolean active() {
        return deactivatedAt == null;
    }
}
