package io.patchbay.crypto.api;

/**
 * Key material that is not in the one strict form this module accepts: wrong length, not canonical, not
 * on the curve, of small order, bad base64, or a PEM/DER structure other than the expected one. The
 * message says which; it never contains private key bytes.
 */
public class KeyEncodingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the encoding; never key bytes */
    public KeyEncodingException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the encoding; never key bytes
     * @param cause   the decoder's or the JDK's refusal underneath
     */
    public KeyEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
