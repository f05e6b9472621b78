package io.patchbay.crypto.api.push;

import io.patchbay.crypto.api.SealedBox;
import io.patchbay.crypto.api.SealedBoxException;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The client's stateless checks of a push, cheapest first: size, HPKE open, parse, key known, signature, audience,
 * action, time window. The counter and the rate limit are the caller's, since they need persisted state.
 * Thread-safe; a new opener is made when the trusted root (and so the set of push keys) changes.
 */
public final class PushOpener {

    /** The largest clock skew a client may allow. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(10);

    private final SealingKeyPair own;
    private final String ownClientId;
    private final Map<ByteBuffer, SigningPublicKey> keys = new HashMap<>();
    private final Clock clock;
    private final Duration skew;

    /**
     * @param own             this client's sealing key pair (pushes are sealed to its public key)
     * @param ownClientId     this client's id; a push for any other audience is refused
     * @param trustedPushKeys the push keys of the currently trusted root; none refuses every push
     *                        ({@link PushRefusal#UNKNOWN_KEY})
     * @param clock           the time source for the validity window
     * @param allowedSkew     how far the server's clock may be from this one, 0 to {@link #MAX_SKEW}
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if the skew is negative or above {@link #MAX_SKEW}
     */
    public PushOpener(SealingKeyPair own, String ownClientId, Collection<SigningPublicKey> trustedPushKeys,
                      Clock clock, Duration allowedSkew) {
        this.own = Objects.requireNonNull(own, "own");
        this.ownClientId = Objects.requireNonNull(ownClientId, "ownClientId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(allowedSkew, "allowedSkew");
        if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("allowed skew must be 0.." + MAX_SKEW);
        }
        for (SigningPublicKey key : trustedPushKeys) {
            keys.put(ByteBuffer.wrap(PushKeyIds.of(key)), key);
        }
    }

    /**
     * Opens and checks the text form (an SSE data line).
     *
     * @param text the SSE data line, at most {@link PushFormat#MAX_TEXT_CHARS} characters
     * @return the message, once every stateless check has passed
     * @throws PushRefusedException with the reason of the first check that failed
     */
    public PushMessage open(String text) throws PushRefusedException {
        return open(PushFormat.fromText(text));
    }

    /**
     * Opens and checks a sealed push. The caller still checks the counter against the last accepted one
     * ({@link PushRefusal#REPLAYED}, {@link PushRefusal#STALE_COUNTER}) and its rate limit.
     *
     * @param sealed the sealed bytes, at most {@link PushFormat#MAX_SEALED_BYTES}
     * @return the message, once every stateless check has passed
     * @throws PushRefusedException with the reason of the first check that failed, cheapest first
     */
    public PushMessage open(byte[] sealed) throws PushRefusedException {
        if (sealed == null || sealed.length > PushFormat.MAX_SEALED_BYTES) {
            throw new PushRefusedException(PushRefusal.OVERSIZE, "push larger than " + PushFormat.MAX_SEALED_BYTES + " bytes");
        }
        byte[] inner;
        try {
            inner = SealedBox.open(own, PushFormat.HPKE_INFO, PushFormat.AAD, sealed);
        } catch (SealedBoxException e) {
            throw new PushRefusedException(PushRefusal.UNOPENABLE, e.getMessage());
        }
        PushFormat.Inner parsed = PushFormat.parseInner(inner);
        SigningPublicKey key = keys.get(ByteBuffer.wrap(parsed.keyId()));
        if (key == null) {
            throw new PushRefusedException(PushRefusal.UNKNOWN_KEY, "signed by a key that is not a push key in the trusted root");
        }
        if (!key.verify(PushFormat.signedBytes(parsed.body()), parsed.signature())) {
            throw new PushRefusedException(PushRefusal.BAD_SIGNATURE, "signature does not verify with push key " + key);
        }
        if (!parsed.audience().equals(ownClientId)) {
            throw new PushRefusedException(PushRefusal.WRONG_AUDIENCE, "addressed to " + parsed.audience());
        }
        PushAction action = PushAction.ofCode(parsed.actionCode());
        PushUrgency urgency = PushUrgency.ofCode(parsed.urgencyCode());
        if (action == null || urgency == null) {
            throw new PushRefusedException(PushRefusal.UNKNOWN_ACTION,
                    "action " + parsed.actionCode() + " / urgency " + parsed.urgencyCode() + " is outside the fixed set");
        }
        Instant issuedAt = PushFormat.instant(parsed.issuedAt());
        Instant expiresAt = PushFormat.instant(parsed.expiresAt());
        PushMessage message;
        try {
            message = new PushMessage(parsed.audience(), parsed.counter(), issuedAt, expiresAt, action, urgency);
        } catch (IllegalArgumentException e) {
            throw new PushRefusedException(PushRefusal.MALFORMED, e.getMessage());
        }
        Instant now = clock.instant();
        if (issuedAt.isAfter(now.plus(skew))) {
            throw new PushRefusedException(PushRefusal.NOT_YET_VALID, "issued at " + issuedAt + ", now " + now);
        }
        if (!expiresAt.isAfter(now.minus(skew))) {
            throw new PushRefusedException(PushRefusal.EXPIRED, "expired at " + expiresAt + ", now " + now);
        }
        return message;
    }
}
