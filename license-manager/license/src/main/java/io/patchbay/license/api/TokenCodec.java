package io.patchbay.license.api;

import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.time.Instant;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The JWS codec behind {@link LicenseTokens}; see there for the rules. Implemented in this jar only.
 */
@ProviderType
public interface TokenCodec {

    /**
     * See {@link LicenseTokens#issue}.
     *
     * @param claims    what the token says
     * @param vendorKey the vendor key pair to sign with
     * @param keyId     the vendor key's id
     * @return the compact JWS
     */
    String issue(LicenseClaims claims, SigningKeyPair vendorKey, String keyId);

    /**
     * See {@link LicenseTokens#verify(String, Map)}.
     *
     * @param jws        the token
     * @param vendorKeys trusted vendor keys by key id
     * @return the claims
     * @throws LicenseException when the token is refused
     */
    LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException;

    /**
     * See {@link LicenseTokens#verify(String, Map, Instant)}.
     *
     * @param jws        the token
     * @param vendorKeys trusted vendor keys by key id
     * @param now        the time to judge validity at
     * @return the claims
     * @throws LicenseException when the token is refused or outside its validity period
     */
    LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys, Instant now) throws LicenseException;

    /**
     * See {@link LicenseTokens#signActivationRequest}.
     *
     * @param request     the request
     * @param instanceKey the instance's key pair
     * @return the compact JWS
     */
    String signActivationRequest(ActivationRequest request, SigningKeyPair instanceKey);

    /**
     * See {@link LicenseTokens#verifyActivationRequest}.
     *
     * @param jws the request
     * @return the request
     * @throws LicenseException when the request is refused
     */
    ActivationRequest verifyActivationRequest(String jws) throws LicenseException;

    /**
     * See {@link LicenseTokens#signLeaseRequest}.
     *
     * @param request     the request
     * @param instanceKey the instance's key pair
     * @return the compact JWS
     */
    String signLeaseRequest(LeaseRequest request, SigningKeyPair instanceKey);

    /**
     * See {@link LicenseTokens#verifyLeaseRequest}.
     *
     * @param jws the request
     * @return the request
     * @throws LicenseException when the request is refused
     */
    LeaseRequest verifyLeaseRequest(String jws) throws LicenseException;

    /**
     * See {@link LicenseTokens#issueLease}.
     *
     * @param grant     the grant
     * @param vendorKey the vendor key pair
     * @param keyId     the vendor key's id
     * @return the compact JWS
     */
    String issueLease(LeaseGrant grant, SigningKeyPair vendorKey, String keyId);

    /**
     * See {@link LicenseTokens#verifyLease}.
     *
     * @param jws        the grant
     * @param vendorKeys trusted vendor keys by key id
     * @return the grant
     * @throws LicenseException when the grant is refused
     */
    LeaseGrant verifyLease(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException;
}
