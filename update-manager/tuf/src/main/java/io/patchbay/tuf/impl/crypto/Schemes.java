package io.patchbay.tuf.impl.crypto;

/** Key type and scheme names as securesystemslib writes them. */
public final class Schemes {

    public static final String ED25519 = "ed25519";
    public static final String ECDSA = "ecdsa";
    public static final String ECDSA_P256 = "ecdsa-sha2-nistp256";
    public static final String RSA = "rsa";
    public static final String RSA_PSS_SHA256 = "rsassa-pss-sha256";

    private Schemes() {
    }
}
