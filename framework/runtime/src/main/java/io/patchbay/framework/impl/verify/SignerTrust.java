package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException.Reason;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a JAR signer is a trusted publisher: its certificate is one of the trusted ones, or chains to one
 * through certificates that each verifiably signed the one below (issuers must be CAs). Every certificate on that
 * chain must be valid at the injected clock's time. A jar's own signature block only proves who signed it; this
 * class is what makes that signer matter.
 */
public final class SignerTrust {

    private final List<X509Certificate> trusted;
    private final Clock clock;

    public SignerTrust(List<X509Certificate> trusted, Clock clock) {
        this.trusted = List.copyOf(trusted);
        this.clock = clock;
    }

    /** Why a signer is refused. */
    record Refusal(Reason reason, String detail) {
    }

    /** Empty when {@code signer} is trusted and valid now, else the reason to refuse it. */
    Optional<Refusal> evaluate(CodeSigner signer) {
        List<X509Certificate> path = new ArrayList<>();
        for (Certificate c : signer.getSignerCertPath().getCertificates()) {
            if (c instanceof X509Certificate x509) {
                path.add(x509);
            }
        }
        if (path.isEmpty()) {
            return Optional.of(new Refusal(Reason.UNKNOWN_SIGNER, "the signer has no X.509 certificate"));
        }
        List<X509Certificate> chain = trustedChain(path);
        if (chain.isEmpty()) {
            return Optional.of(new Refusal(Reason.UNKNOWN_SIGNER,
                    "signer " + describe(path.get(0)) + " is not a trusted publisher and does not chain to one"));
        }
        return validity(chain);
    }

    /** The chain from the signer up to a trusted certificate, or empty when there is none. */
    private List<X509Certificate> trustedChain(List<X509Certificate> path) {
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            X509Certificate cert = path.get(i);
            chain.add(cert);
            if (trusted.contains(cert)) {
                return chain;
            }
            for (X509Certificate anchor : trusted) {
                if (issued(anchor, cert)) {
                    chain.add(anchor);
                    return chain;
                }
            }
            if (i + 1 >= path.size() || !issued(path.get(i + 1), cert)) {
                return List.of();
            }
        }
        return List.of();
    }

    private static boolean issued(X509Certificate issuer, X509Certificate cert) {
        if (!issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal()) || issuer.getBasicConstraints() < 0) {
            return false;
        }
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private Optional<Refusal> validity(List<X509Certificate> chain) {
        Date now = Date.from(clock.instant());
        for (X509Certificate cert : chain) {
            try {
                cert.checkValidity(now);
            } catch (CertificateExpiredException e) {
                return Optional.of(new Refusal(Reason.EXPIRED_CERTIFICATE,
                        "certificate " + describe(cert) + " expired: " + validityOf(cert) + ", now " + now.toInstant()));
            } catch (CertificateNotYetValidException e) {
                return Optional.of(new Refusal(Reason.NOT_YET_VALID_CERTIFICATE,
                        "certificate " + describe(cert) + " is not yet valid: " + validityOf(cert) + ", now " + now.toInstant()));
            }
        }
        return Optional.empty();
    }

    static String describe(X509Certificate cert) {
        return "'" + cert.getSubjectX500Principal().getName() + "' (serial " + cert.getSerialNumber().toString(16) + ")";
    }

    private static String validityOf(X509Certificate cert) {
        return "valid from " + cert.getNotBefore().toInstant() + " to " + cert.getNotAfter().toInstant();
    }
}
