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

    String issue(LicenseClaims claims, SigningKeyPair vendorKey, String keyId);

    LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException;

    LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys, Instant now) throws LicenseException;

    String signActivationRequest(ActivationRequest request, SigningKeyPair instanceKey);

    ActivationRequest verifyActivationRequest(String jws) throws LicenseException;

    String signLeaseRequest(LeaseRequest request, SigningKeyPair instanceKey);

    LeaseRequest verifyLeaseRequest(String jws) throws LicenseException;

    String issueLease(LeaseGrant grant, SigningKeyPair vendorKey, String keyId);

    LeaseGrant verifyLease(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException;
}
