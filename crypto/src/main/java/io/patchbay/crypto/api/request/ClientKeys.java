package io.patchbay.crypto.api.request;

import io.patchbay.crypto.api.SigningPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What the server knows of one client's signing keys. During a rotation the previous key stays valid until
 * {@code previousValidUntil} (exclusive), so requests already signed or in flight with it still pass; after
 * that only the current key counts. A revoked client has no usable key at all.
 *
 * @param current            the key requests are signed with; null only when revoked
 * @param previous           the key before the last rotation, or null
 * @param previousValidUntil when the previous key stops counting; null exactly when previous is null
 * @param revoked            the operator revoked the client's keys (it must enroll again)
 */
public record ClientKeys(SigningPublicKey current, SigningPublicKey previous, Instant previousValidUntil,
        boolean revoked) {

    /**
     * Checks that the components fit together, as described on the record.
     *
     * @param current            the key requests are signed with; null only when revoked
     * @param previous           the key before the last rotation, or null
     * @param previousValidUntil when the previous key stops counting; null exactly when previous is null
     * @param revoked            the operator revoked the client's keys
     * @throws NullPointerException     if {@code current} is null on a client that is not revoked
     * @throws IllegalArgumentException if exactly one of {@code previous} and {@code previousValidUntil} is null
     */
    public ClientKeys {
        if (!revoked) {
            Objects.requireNonNull(current, "current");
        }
        if ((previous == null) != (previousValidUntil == null)) {
            throw new IllegalArgumentException("a previous key needs its valid-until, and only then");
        }
    }

    /**
     * A client with one key and no rotation under way.
     *
     * @param current the client's key; not null
     * @return keys in which only {@code current} counts
     */
    public static ClientKeys of(SigningPublicKey current) {
        return new ClientKeys(current, null, null, false);
    }

    /**
     * A client in a key rotation: both keys count until {@code previousValidUntil}.
     *
     * @param current            the new key; not null
     * @param previous           the key being replaced; not null
     * @param previousValidUntil when the previous key stops counting (exclusive); not null
     * @return keys in which both count, the previous one only before {@code previousValidUntil}
     */
    public static ClientKeys rotating(SigningPublicKey current, SigningPublicKey previous, Instant previousValidUntil) {
        return new ClientKeys(current, Objects.requireNonNull(previous, "previous"),
                Objects.requireNonNull(previousValidUntil, "previousValidUntil"), false);
    }

    /**
     * A revoked client: every request it signs is refused ({@link Refusal#REVOKED}) until it enrolls again.
     *
     * @return keys with no usable key
     */
    public static ClientKeys revokedKeys() {
        return new ClientKeys(null, null, null, true);
    }
}
