package io.patchbay.tuf.impl.http;

import io.patchbay.tuf.api.model.TrustedLocation;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/** "sha256/&lt;base64&gt;" pins over a certificate's DER SubjectPublicKeyInfo (the HPKP / OkHttp format). */
public final class SpkiPins {

    private SpkiPins() {
    }

    public static String pinOf(X509Certificate certificate) {
        return pinOfSpki(certificate.getPublicKey().getEncoded());
    }

    /** @param spkiDer DER SubjectPublicKeyInfo, as {@code PublicKey.getEncoded()} returns for X.509 keys */
    public static String pinOfSpki(byte[] spkiDer) {
        try {
            return TrustedLocation.PIN_PREFIX + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(spkiDer));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
