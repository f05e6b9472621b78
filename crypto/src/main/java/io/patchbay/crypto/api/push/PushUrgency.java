package io.patchbay.crypto.api.push;

/**
 * How soon the client should act. A hint only: {@link #NORMAL} lets the client spread its check over a short random
 * delay, so a push to the whole fleet does not arrive as one burst at the repository; {@link #URGENT} acts at once.
 * It never changes a deployment's policy (a deferred or ask-the-user update stays so) and never names a location.
 */
public enum PushUrgency {
    /** Act within a short random delay, to spread a fleet-wide push. */
    NORMAL(0),
    /** Act at once (a security fix the operator wants everywhere now). */
    URGENT(1);

    private final int code;

    PushUrgency(int code) {
        this.code = code;
    }

    /**
     * The value's byte in the wire form; fixed forever.
     *
     * @return the wire code, 0..255
     */
    public int code() {
        return code;
    }

    /** @return null for a code outside the set */
    static PushUrgency ofCode(int code) {
        for (PushUrgency urgency : values()) {
            if (urgency.code == code) {
                return urgency;
            }
        }
        return null;
    }
}
