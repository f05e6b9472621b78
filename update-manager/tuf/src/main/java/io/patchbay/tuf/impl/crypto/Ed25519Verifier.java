package io.patchbay.tuf.impl.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519. The public key is decoded and validated by Bouncy Castle's rfc8032 primitives once, when the
 * key is first used (a partial validation: canonical, on the curve, not of small order); each signature is
 * then checked by {@link Ed25519Check}, which accepts exactly what Bouncy Castle's verify accepts but
 * hashes with the JDK's SHA-512 and needs no precomputed tables (Ed25519CheckTest compares the two).
 */
final class Ed25519Verifier implements KeyVerifiers.SignatureVerifier {

    private final Ed25519.PublicPoint publicPoint;
    /** The same key for {@link Ed25519Check} (null only if it decoded differently there: never seen). */
    private final Ed25519Check.Key key;

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
        this.key = Ed25519Check.Key.of(raw);
    }

    @Override
    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        if (key != null) {
            return Ed25519Check.verify(key, message, signature);
        }
        return Ed25519.verify(signature, 0, publicPoint, message, 0, message.length);
    }
}
