package io.patchbay.crypto.api.push;

/** What a push asks for; the set is fixed, and the wire code of each value never changes. */
public enum PushAction {
    /** Run the scheduled update check now: the same code path, so the deployment's policy still applies. */
    CHECK_NOW(1),
    /** Send a heartbeat with the running patch level now. */
    REPORT_HOME(2);

    private final int code;

    PushAction(int code) {
        this.code = code;
    }

    /**
     * The value's byte in the wire form; fixed forever, so old clients read new servers' pushes.
     *
     * @return the wire code, 1..255
     */
    public int code() {
        return code;
    }

    /** @return null for a code outside the set */
    static PushAction ofCode(int code) {
        for (PushAction action : values()) {
            if (action.code == code) {
                return action;
            }
        }
        return null;
    }
}
