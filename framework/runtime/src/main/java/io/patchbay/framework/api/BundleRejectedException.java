package io.patchbay.framework.api;

/** A bundle of a patch was refused before anything running was touched. */
public class BundleRejectedException extends PatchbayException {
    private static final long serialVersionUID = 1L;

    /** What is wrong with the bundle. */
    public enum Reason {
        /** Not a well-formed jar: its zip structure is broken or ambiguous. */
        CORRUPT_JAR,
        /** Beyond a configured verification limit (jar size, entry count, name length, inflated size, ratio). */
        OVERSIZED,
        /** The manifest is missing or is not a valid bundle manifest. */
        INVALID_HEADERS,
        /** An entry outside {@code META-INF/} is not covered by the signature. */
        UNSIGNED_ENTRY,
        /** Signed, but by no certificate the host trusts. */
        UNKNOWN_SIGNER,
        /** An entry no longer matches its signed digest. */
        TAMPERED_ENTRY,
        /** The signer's certificate has expired by the runtime's clock. */
        EXPIRED_CERTIFICATE,
        /** The signer's certificate is not valid yet by the runtime's clock. */
        NOT_YET_VALID_CERTIFICATE,
        /** The bundle is not the one the artifact says it replaces ({@link Patch.Artifact#replaces()}). */
        REPLACES_MISMATCH,
        /** A lower version than the committed one, in a patch that does not allow downgrades. */
        UNINTENDED_DOWNGRADE,
        /** Two bundles of one patch have the same symbolic name. */
        DUPLICATE_IN_PATCH
    }

    /** The artifact's name or symbolic name. */
    private final String bundle;
    /** What is wrong with it. */
    private final Reason reason;

    /**
     * @param bundle the artifact's name or symbolic name
     * @param reason what is wrong
     * @param detail the specifics, for a person
     */
    public BundleRejectedException(String bundle, Reason reason, String detail) {
        this(bundle, reason, detail, null);
    }

    /**
     * @param bundle the artifact's name or symbolic name
     * @param reason what is wrong
     * @param detail the specifics, for a person
     * @param cause  the underlying failure
     */
    public BundleRejectedException(String bundle, Reason reason, String detail, Throwable cause) {
        super("bundle " + bundle + " rejected (" + reason + "): " + detail, cause);
        this.bundle = bundle;
        this.reason = reason;
    }

    /**
     * The artifact's name or symbolic name.
     *
     * @return the bundle refused
     */
    public String bundle() {
        return bundle;
    }

    /**
     * What is wrong with the bundle.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
