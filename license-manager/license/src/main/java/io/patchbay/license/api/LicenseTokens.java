package io.patchbay.license.api;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.time.Instant;
import java.util.Map;

/**
 * License tokens and the licensing messages, all compact JWS (RFC 7515) signed with Ed25519 (EdDSA, RFC 8037).
 *
 * <p>Every message is checked the same way before its payload is read: at most {@link Limits#MAX_TOKEN_CHARS}
 * characters (twice that for a lease grant, which may carry a token); a protected header of exactly
 * {@code alg}, {@code typ} and {@code kid}; {@code alg} exactly {@code EdDSA} ({@code none}, HMAC, RSA, ECDSA are
 * refused however the key looks); {@code typ} exactly the message's type, so one kind of message can never be
 * passed off as another; {@code kid} present and naming a trusted key; the signature valid and canonical. Then the
 * payload is parsed strictly: JSON with no duplicate or unknown member, every value within {@link Limits}.
 *
 * <p>Refusals are {@link LicenseException}s: {@link LicenseCode#UNKNOWN_KEY} when the key id is missing or names
 * no trusted key, {@link LicenseCode#BAD_SIGNATURE} for everything else that is wrong with the JWS or its
 * payload, and (with a time given) {@link LicenseCode#EXPIRED} / {@link LicenseCode#NOT_YET_VALID}.
 */
public final class LicenseTokens {

    /** The JWS {@code typ} of a license token. */
    public static final String LICENSE_TYPE = "patchbay-license+jwt";
    /** The JWS {@code typ} of an activation request (signed by the instance key). */
    public static final String ACTIVATION_REQUEST_TYPE = "patchbay-activation+jwt";
    /** The JWS {@code typ} of a lease request (signed by the instance key). */
    public static final String LEASE_REQUEST_TYPE = "patchbay-lease-request+jwt";
    /** The JWS {@code typ} of a lease grant (signed by a vendor key). */
    public static final String LEASE_GRANT_TYPE = "patchbay-lease+jwt";
    /** The only accepted JWS algorithm. */
    public static final String ALGORITHM = "EdDSA";

    private LicenseTokens() {
    }

    /**
     * Signs a license token (server or operator side). Instants are whole seconds (see {@link Limits}).
     *
     * @param claims    what the token says ({@link LicenseClaims#keyId()} is ignored)
     * @param vendorKey the vendor key pair to sign with
     * @param keyId     the vendor key's id, which verifiers look up among their trusted keys
     * @return the compact JWS
     * @throws IllegalArgumentException when {@code keyId} is malformed
     */
    public static String issue(LicenseClaims claims, SigningKeyPair vendorKey, String keyId) {
        return codec().issue(claims, vendorKey, keyId);
    }

    /**
     * Checks a license token's signature and structure, not its validity period: the client judges time against
     * its trusted-time state, not the raw clock. Use {@link #verify(String, Map, Instant)} to check the period too.
     *
     * @param jws        the token, compact serialisation
     * @param vendorKeys trusted vendor keys by key id (several during a rotation)
     * @return the claims, with {@link LicenseClaims#keyId()} set from the header
     * @throws LicenseException {@link LicenseCode#UNKNOWN_KEY} or {@link LicenseCode#BAD_SIGNATURE} (see above)
     */
    public static LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException {
        return codec().verify(jws, vendorKeys);
    }

    /**
     * As {@link #verify(String, Map)}, then refuses a token outside its validity period at {@code now}.
     *
     * @param jws        the token, compact serialisation
     * @param vendorKeys trusted vendor keys by key id
     * @param now        the time to judge validity at
     * @return the claims, with {@link LicenseClaims#keyId()} set from the header
     * @throws LicenseException as {@link #verify(String, Map)}, or {@link LicenseCode#EXPIRED} /
     *                          {@link LicenseCode#NOT_YET_VALID}
     */
    public static LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys, Instant now)
            throws LicenseException {
        return codec().verify(jws, vendorKeys, now);
    }

    /**
     * Signs an activation request with the instance's own key ({@code kid} is the instance key, which must be the
     * request's {@link ActivationRequest#instanceKey()}).
     *
     * @param request     the request
     * @param instanceKey the instance's key pair
     * @return the compact JWS
     * @throws IllegalArgumentException when the key pair is not the one the request names
     */
    public static String signActivationRequest(ActivationRequest request, SigningKeyPair instanceKey) {
        return codec().signActivationRequest(request, instanceKey);
    }

    /**
     * Checks an activation request (server side): signed by the very key it names. Freshness of the nonce and
     * time is the server's to judge.
     *
     * @param jws the request, compact serialisation
     * @return the request
     * @throws LicenseException {@link LicenseCode#BAD_SIGNATURE} when it is malformed or not signed by the key it
     *                          names
     */
    public static ActivationRequest verifyActivationRequest(String jws) throws LicenseException {
        return codec().verifyActivationRequest(jws);
    }

    /**
     * Signs a lease request with the instance key (which must be the request's {@link LeaseRequest#instanceKey()}).
     *
     * @param request     the request
     * @param instanceKey the instance's key pair
     * @return the compact JWS
     * @throws IllegalArgumentException when the key pair is not the one the request names
     */
    public static String signLeaseRequest(LeaseRequest request, SigningKeyPair instanceKey) {
        return codec().signLeaseRequest(request, instanceKey);
    }

    /**
     * Checks a lease request (server side): signed by the key it names. That the key is the one the license is
     * bound to, and the nonce and freshness value, are the server's to judge.
     *
     * @param jws the request, compact serialisation
     * @return the request
     * @throws LicenseException {@link LicenseCode#BAD_SIGNATURE} when it is malformed or not signed by the key it
     *                          names
     */
    public static LeaseRequest verifyLeaseRequest(String jws) throws LicenseException {
        return codec().verifyLeaseRequest(jws);
    }

    /**
     * Signs a lease grant (server side) with a vendor key.
     *
     * @param grant     the grant ({@link LeaseGrant#keyId()} is ignored)
     * @param vendorKey the vendor key pair
     * @param keyId     the vendor key's id
     * @return the compact JWS
     * @throws IllegalArgumentException when {@code keyId} is malformed
     */
    public static String issueLease(LeaseGrant grant, SigningKeyPair vendorKey, String keyId) {
        return codec().issueLease(grant, vendorKey, keyId);
    }

    /**
     * Checks a lease grant (client side) against the trusted vendor keys. That it answers this instance's request
     * is the client's to judge.
     *
     * @param jws        the grant, compact serialisation
     * @param vendorKeys trusted vendor keys by key id
     * @return the grant, with {@link LeaseGrant#keyId()} set from the header
     * @throws LicenseException {@link LicenseCode#UNKNOWN_KEY} or {@link LicenseCode#BAD_SIGNATURE}
     */
    public static LeaseGrant verifyLease(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException {
        return codec().verifyLease(jws, vendorKeys);
    }

    private static TokenCodec codec() {
        return LicenseFactory.get().tokens();
    }
}
