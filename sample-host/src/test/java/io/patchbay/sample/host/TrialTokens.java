package io.patchbay.sample.host;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseClient;
import io.patchbay.license.api.LicenseTokens;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The vendor's side in the host's tests: license tokens for one instance, signed with a vendor key the host trusts,
 * as the license server or {@code patchbay license offline-activate} would issue them.
 */
final class TrialTokens {

    private TrialTokens() {
    }

    /**
     * A trial of {@code feature} for the client's instance and machine, from an hour before {@code now} until
     * {@code now + length} (whole seconds); the license itself runs 30 days (the feature's trial ends first).
     */
    static String trial(LicenseClient client, String feature, Instant now, Duration length,
                               SigningKeyPair vendor, String keyId) {
        Instant start = now.truncatedTo(ChronoUnit.SECONDS);
        LicenseClaims claims = new LicenseClaims("trial-" + feature, "Demo Customer", client.instanceKey(),
                client.fingerprint(), List.of(new FeatureGrant(feature, start.plus(length), Map.of())),
                start.minus(Duration.ofHours(1)), start.plus(Duration.ofDays(30)), null, null);
        return LicenseTokens.issue(claims, vendor, keyId);
    }
}
