package io.patchbay.framework.api;

/** A bundle of a patch was refused before anything running was touched. */
public class BundleRejectedException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bundle. */
    public enum Reason {
        CORRUPT_JAR,
        /** Beyond a configured verification limit (jar size, entry count, name length, inflated size, ratio). */
        OVERSIZED,
        INVALID_HEADERS,
        UNSIGNED_ENTRY,
        UNKNOWN_SIGNER,
        TAMPERED_ENTRY,
        EXPIRED_CERTIFICATE,
        NOT_YET_VALID_CERTIFICATE,
        REPLACES_MISMATCH,
        UNINTENDED_DOWNGRADE,
        DUPLICATE_IN_PATCH
    }

    private final String bundle;
    private final Reason reason;

    public BundleRejectedException(String bundle, Reason reason, String detail) {
        this(bundle, reason, detail, null);
    }

    public BundleRejectedException(String bundle, Reason reason, String detail, Throwable cause) {
        super("bundle " + bundle + " rejected (" + reason + "): " + detail, cause);
        this.bundle = bundle;
        this.reason = reason;
    }

    /** The artifact's name or symbolic name. */
    public String bundle() {
        return bundle;
    }

    public Reason reason() {
        return reason;
    }
}
