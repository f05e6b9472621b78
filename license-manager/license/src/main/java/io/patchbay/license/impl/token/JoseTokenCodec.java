package io.patchbay.license.impl.token;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.crypto.api.KeyEncodingException;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.api.ActivationRequest;
import io.patchbay.license.api.FeatureGrant;
import io.patchbay.license.api.LeaseGrant;
import io.patchbay.license.api.LeasePolicy;
import io.patchbay.license.api.LeaseRequest;
import io.patchbay.license.api.LeaseStatus;
import io.patchbay.license.api.LicenseClaims;
import io.patchbay.license.api.LicenseCode;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.api.LicenseTokens;
import io.patchbay.license.api.Limits;
import io.patchbay.license.api.TokenCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The licensing messages as JWS payloads. Member names follow JWT where one fits ({@code jti}, {@code sub},
 * {@code nbf}, {@code exp}, {@code iat}); instants are NumericDate seconds; {@code v} is the payload format
 * version (1), so a later format is refused by this one rather than misread.
 */
public final class JoseTokenCodec implements TokenCodec {

    private static final long FORMAT = 1;

    @Override
    public String issue(LicenseClaims claims, SigningKeyPair vendorKey, String keyId) {
        Objects.requireNonNull(vendorKey, "vendorKey");
        claims.withKeyId(Objects.requireNonNull(keyId, "keyId"));
        ObjectNode o = header(StrictJson.object());
        o.put("jti", claims.licenseId());
        o.put("sub", claims.customer());
        o.put("ikey", claims.instanceKey());
        claims.fingerprint().forEach(o.putObject("fp")::put);
        var features = o.putArray("features");
        for (FeatureGrant f : claims.features()) {
            ObjectNode fo = features.addObject();
            fo.put("name", f.name());
            if (f.expiresAt() != null) {
                fo.put("exp", f.expiresAt().getEpochSecond());
            }
            f.limits().forEach(fo.putObject("limits")::put);
        }
        o.put("nbf", claims.notBefore().getEpochSecond());
        if (claims.expiresAt() != null) {
            o.put("exp", claims.expiresAt().getEpochSecond());
        }
        if (claims.lease() != null) {
            ObjectNode lo = o.putObject("lease");
            lo.put("interval", claims.lease().checkInInterval().getSeconds());
            lo.put("grace", claims.lease().offlineGrace().getSeconds());
        }
        return Jws.sign(LicenseTokens.LICENSE_TYPE, StrictJson.write(o), vendorKey, keyId);
    }

    @Override
    public LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException {
        Jws.Verified v = Jws.verify(jws, LicenseTokens.LICENSE_TYPE, Limits.MAX_TOKEN_CHARS, lookup(vendorKeys));
        return payload(v, "license claims", o -> {
            Map<String, String> fp = fingerprint(o);
            List<FeatureGrant> features = new ArrayList<>();
            for (StrictJson.Obj fo : o.objects("features", Limits.MAX_FEATURES)) {
                StrictJson.Obj limits = fo.optObject("limits");
                features.add(new FeatureGrant(fo.string("name"), fo.optSeconds("exp"),
                        limits == null ? Map.of() : limits.integers(Limits.MAX_LIMITS_PER_FEATURE)));
                fo.done();
            }
            StrictJson.Obj lo = o.optObject("lease");
            LeasePolicy lease = null;
            if (lo != null) {
                lease = new LeasePolicy(lo.duration("interval"), lo.duration("grace"));
                lo.done();
            }
            return new LicenseClaims(o.string("jti"), o.string("sub"), o.string("ikey"), fp, features,
                    o.seconds("nbf"), o.optSeconds("exp"), lease, v.keyId());
        });
    }

    @Override
    public LicenseClaims verify(String jws, Map<String, SigningPublicKey> vendorKeys, Instant now)
            throws LicenseException {
        Objects.requireNonNull(now, "now");
        LicenseClaims claims = verify(jws, vendorKeys);
        if (now.isBefore(claims.notBefore())) {
            throw new LicenseException(LicenseCode.NOT_YET_VALID, "license " + claims.licenseId()
                    + " is valid from " + claims.notBefore() + ", it is " + now);
        }
        if (claims.expiresAt() != null && !now.isBefore(claims.expiresAt())) {
            throw new LicenseException(LicenseCode.EXPIRED, "license " + claims.licenseId() + " expired at "
                    + claims.expiresAt() + ", it is " + now);
        }
        return claims;
    }

    @Override
    public String signActivationRequest(ActivationRequest request, SigningKeyPair instanceKey) {
        ObjectNode o = header(StrictJson.object());
        o.put("lkey", request.licenseKey());
        return signSelf(LicenseTokens.ACTIVATION_REQUEST_TYPE, o, request.instanceKey(), request.fingerprint(),
                request.nonce(), request.issuedAt(), instanceKey);
    }

    @Override
    public ActivationRequest verifyActivationRequest(String jws) throws LicenseException {
        return verifySelf(jws, LicenseTokens.ACTIVATION_REQUEST_TYPE, "activation request",
                o -> new ActivationRequest(o.string("lkey"), o.string("ikey"), fingerprint(o), o.string("nonce"),
                        o.seconds("iat")), ActivationRequest::instanceKey);
    }

    @Override
    public String signLeaseRequest(LeaseRequest request, SigningKeyPair instanceKey) {
        ObjectNode o = header(StrictJson.object());
        o.put("lic", request.licenseId());
        if (request.freshness() != null) {
            o.put("fresh", request.freshness());
        }
        return signSelf(LicenseTokens.LEASE_REQUEST_TYPE, o, request.instanceKey(), request.fingerprint(),
                request.nonce(), request.issuedAt(), instanceKey);
    }

    @Override
    public LeaseRequest verifyLeaseRequest(String jws) throws LicenseException {
        return verifySelf(jws, LicenseTokens.LEASE_REQUEST_TYPE, "lease request",
                o -> new LeaseRequest(o.string("lic"), o.string("ikey"), fingerprint(o), o.optString("fresh"),
                        o.string("nonce"), o.seconds("iat")), LeaseRequest::instanceKey);
    }

    /** The members every instance request has, then the signature by the instance key the request names. */
    private static String signSelf(String type, ObjectNode o, String instanceKey, Map<String, String> fingerprint,
                                   String nonce, Instant issuedAt, SigningKeyPair key) {
        checkSigner(instanceKey, key);
        o.put("ikey", instanceKey);
        fingerprint.forEach(o.putObject("fp")::put);
        o.put("nonce", nonce);
        o.put("iat", issuedAt.getEpochSecond());
        return Jws.sign(type, StrictJson.write(o), key, instanceKey);
    }

    /** An instance request: signed by the key in its kid, which must be the instance key it names. */
    private static <T> T verifySelf(String jws, String type, String what, Function<StrictJson.Obj, T> reader,
                                    Function<T, String> instanceKeyOf) throws LicenseException {
        Jws.Verified v = Jws.verify(jws, type, Limits.MAX_TOKEN_CHARS, JoseTokenCodec::selfKey);
        T request = payload(v, what, reader);
        if (!v.keyId().equals(instanceKeyOf.apply(request))) {
            throw new LicenseException(LicenseCode.BAD_SIGNATURE,
                    "the request is signed by another key than the instance key it names");
        }
        return request;
    }

    private static Map<String, String> fingerprint(StrictJson.Obj o) {
        return o.object("fp").strings(Limits.MAX_FINGERPRINT_COMPONENTS);
    }

    @Override
    public String issueLease(LeaseGrant grant, SigningKeyPair vendorKey, String keyId) {
        Objects.requireNonNull(vendorKey, "vendorKey");
        grant.withKeyId(Objects.requireNonNull(keyId, "keyId"));
        ObjectNode o = header(StrictJson.object());
        o.put("lic", grant.licenseId());
        o.put("ikey", grant.instanceKey());
        o.put("rnonce", grant.requestNonce());
        o.put("status", grant.status().name());
        o.put("stime", grant.serverTime().getEpochSecond());
        o.put("lexp", grant.leaseExpiresAt().getEpochSecond());
        o.put("fresh", grant.freshness());
        if (grant.licenseToken() != null) {
            o.put("token", grant.licenseToken());
        }
        return Jws.sign(LicenseTokens.LEASE_GRANT_TYPE, StrictJson.write(o), vendorKey, keyId);
    }

    @Override
    public LeaseGrant verifyLease(String jws, Map<String, SigningPublicKey> vendorKeys) throws LicenseException {
        Jws.Verified v = Jws.verify(jws, LicenseTokens.LEASE_GRANT_TYPE, 2 * Limits.MAX_TOKEN_CHARS + 1024,
                lookup(vendorKeys));
        return payload(v, "lease grant", o -> new LeaseGrant(o.string("lic"), o.string("ikey"), o.string("rnonce"),
                status(o.string("status")), o.seconds("stime"), o.seconds("lexp"), o.string("fresh"),
                o.optString("token"), v.keyId()));
    }

    private static ObjectNode header(ObjectNode o) {
        o.put("v", FORMAT);
        return o;
    }

    /** Parses a verified payload; any structural or bound problem is a refusal, never a partial result. */
    private static <T> T payload(Jws.Verified v, String what, Function<StrictJson.Obj, T> reader)
            throws LicenseException {
        try {
            StrictJson.Obj o = StrictJson.parse(v.payload(), what);
            if (o.integer("v") != FORMAT) {
                throw new IllegalArgumentException(what + " is of format " + o.integer("v") + ", this reads " + FORMAT);
            }
            T result = reader.apply(o);
            o.done();
            return result;
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new LicenseException(LicenseCode.BAD_SIGNATURE, what + " refused: " + e.getMessage(), e);
        }
    }

    private static LeaseStatus status(String name) {
        for (LeaseStatus s : LeaseStatus.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown lease status " + StrictJson.shorten(name));
    }

    private static Function<String, SigningPublicKey> lookup(Map<String, SigningPublicKey> vendorKeys) {
        Objects.requireNonNull(vendorKeys, "vendorKeys");
        return vendorKeys::get;
    }

    /** Self-signed messages name their own key as kid; an id that is no valid key is a bad signature. */
    private static SigningPublicKey selfKey(String keyId) {
        try {
            return SigningPublicKey.fromBase64Url(keyId);
        } catch (KeyEncodingException e) {
            return null;
        }
    }

    private static void checkSigner(String instanceKey, SigningKeyPair key) {
        if (!key.publicKey().base64Url().equals(instanceKey)) {
            throw new IllegalArgumentException("the signing key is not the request's instance key");
        }
    }
}
