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

    public ClientKeys {
        if (!revoked) {
            Objects.requireNonNull(current, "current");
        }
        if ((previous == null) != (previousValidUntil == null)) {
            throw new IllegalArgumentException("a previous key needs its valid-until, and only then");
        }
    }

    public static ClientKeys of(SigningPublicKey current) {
        return new ClientKeys(current, null, null, false);
    }

    public static ClientKeys rotating(SigningPublicKey current, SigningPublicKey previous, Instant previousValidUntil) {
        return new ClientKeys(current, Objects.requireNonNull(previous, "previous"),
                Objects.requireNonNull(previousValidUntil, "previousValidUntil"), false);
    }

    public static ClientKeys revokedKeys() {
        return new ClientKeys(null, null, null, true);
    }
}
