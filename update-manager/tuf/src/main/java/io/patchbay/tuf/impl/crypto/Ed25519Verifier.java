package io.patchbay.tuf.impl.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 through Bouncy Castle's rfc8032 primitives (several times faster than the JDK provider here).
 * The public key is decoded and validated to a curve point once, when the key is first used; each verify
 * then hashes and checks against that point directly, without the Signer's synchronized message buffer
 * (which would copy every message once more).
 */
final class Ed25519Verifier implements KeyVerifiers.SignatureVerifier {

    private final Ed25519.PublicPoint publicPoint;

    Ed25519Verifier(String hexPublic) {
        byte[] raw = Hex.decode(hexPublic);
        if (raw.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("ed25519 public key must be 32 bytes, got " + raw.length);
        }
        // Same acceptance as Ed25519PublicKeyParameters: a partial validation (on the curve, canonical).
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyPartialExport(raw, 0);
        if (point == null) {
            throw new IllegalArgumentException("ed25519 public key is not a valid curve point");
        }
        this.publicPoint = point;
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        return Ed25519.verify(signature, 0, publicPoint, message, 0, message.length);
    }
}
