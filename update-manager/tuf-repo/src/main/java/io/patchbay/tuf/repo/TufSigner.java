package io.patchbay.tuf.repo;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.Signature;
import io.patchbay.tuf.api.TufKey;
import java.util.HexFormat;

/**
 * Something that signs TUF metadata with one key (a file key, an HSM, a remote signer...). Repository
 * side only: the client artifact verifies signatures and never makes them.
 */
public interface TufSigner {

    /** The key id of {@link #publicKey()}. */
    String keyId();

    /** The raw signature bytes over {@code message} (TUF stores them hex-encoded in "sig"). */
    byte[] sign(byte[] message);

    TufKey publicKey();

    /** Signs (or re-signs) {@code metadata}'s canonical bytes, replacing an earlier signature by this key id. */
    default Signature signMetadata(Metadata metadata) {
        Signature signature = new Signature(keyId(), HexFormat.of().formatHex(sign(metadata.signedCanonicalBytes())));
        metadata.removeSignature(keyId());
        metadata.addSignature(signature);
        return signature;
    }
}
