package io.patchbay.crypto.api.push;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The whole content of a push; there is deliberately no field that could carry a location.
 *
 * @param audience  the client id it is for (1..64 printable ASCII characters)
 * @param counter   increases for every push to this client (the server uses its push batch id); at least 1
 * @param issuedAt  when the server made it (whole seconds)
 * @param expiresAt after this the client refuses it; at most {@link PushFormat#MAX_LIFETIME} after issuedAt
 * @param action    what the client is asked to do
 * @param urgency   how soon (a hint; it never overrides the deployment's policy)
 */
public record PushMessage(String audience, long counter, Instant issuedAt, Instant expiresAt, PushAction action,
                          PushUrgency urgency) {

    /**
     * Checks the bounds above and truncates both instants to whole seconds (the wire form's resolution).
     *
     * @param audience  the client id, 1..64 printable ASCII characters
     * @param counter   at least 1
     * @param issuedAt  when the server made it; truncated to whole seconds
     * @param expiresAt when it stops counting; truncated to whole seconds
     * @param action    what the client is asked to do
     * @param urgency   how soon
     * @throws NullPointerException     if any reference component is null
     * @throws IllegalArgumentException if the audience, counter or lifetime (1 s to
     *                                  {@link PushFormat#MAX_LIFETIME}) is out of bounds
     */
    public PushMessage {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(urgency, "urgency");
        if (!PushFormat.validAudience(audience)) {
            throw new IllegalArgumentException("audience must be 1.." + PushFormat.MAX_AUDIENCE
                    + " printable ASCII characters");
        }
        if (counter < 1) {
            throw new IllegalArgumentException("counter must be at least 1");
        }
        issuedAt = Objects.requireNonNull(issuedAt, "issuedAt").truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        expiresAt = Objects.requireNonNull(expiresAt, "expiresAt").truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Duration lifetime = Duration.between(issuedAt, expiresAt);
        if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(PushFormat.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("lifetime must be 1 s.." + PushFormat.MAX_LIFETIME + ", was " + lifetime);
        }
    }
}
