package io.patchbay.tuf.api;

/** Something that signs TUF metadata with one key (a file key, an HSM, a remote signer...). */
public interface TufSigner {

    /** The key id of {@link #publicKey()}. */
    String keyId();

    /** The raw signature bytes over {@code message} (TUF stores them hex-encoded in "sig"). */
    byte[] sign(byte[] message);

    TufKey publicKey();
}
