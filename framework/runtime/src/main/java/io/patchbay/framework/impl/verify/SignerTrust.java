package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException.Reason;
import java.security.CodeSigner;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides whether a JAR signer is a trusted publisher: its certificate is one of the trusted ones, or chains to one
 * through certificates that each verifiably signed the one below (issuers must be CAs, may sign certificates, and
 * allow as many CAs below them as there are). The signer's certificate must allow code signing. Every certificate
 * on that chain must be valid at the injected clock's time. A jar's own signature block only proves who signed it;
 * this class is what makes that signer matter.
 *
 * <p>What does not depend on time (the chain, the key usages) is remembered per presented chain, so a publisher's
 * certificate signatures are checked once, not on every swap; validity is evaluated at every call.
 */
public final class SignerTrust {
    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;
    private static final int KEY_CERT_SIGN = 5;
    /** Certificates of a presented chain looked at; real chains have two to four. */
    static final int MAX_PATH = 8;
    /** Presented chains remembered; a hostile stream of new certificates only evicts, never grows, the cache. */
    static final int REMEMBERED_CHAINS = 64;

    private final List<X509Certificate> trusted;
    private final Clock clock;
    private final Map<List<X509Certificate>, Structure> structures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<X509Certificate>, Structure> eldest) {
            return size() > REMEMBERED_CHAINS;
        }
    };

    public SignerTrust(List<X509Certificate> trusted, Clock clock) {
        this.trusted = List.copyOf(trusted);
        this.clock = clock;
    }

    /** Why a signer is refused. */
    record Refusal(Reason reason, String detail) {
    }

    /** The time-independent verdict on a presented chain: the chain up to a trusted certificate, or a refusal. */
    private record Structure(List<X509Certificate> chain, Refusal refusal) {
    }

    /** Empty when {@code signer} is trusted and valid now, else the reason to refuse it. */
    Optional<Refusal> evaluate(CodeSigner signer) {
        List<X509Certificate> path = new ArrayList<>();
        for (Certificate c : signer.getSignerCertPath().getCertificates()) {
            if (c instanceof X509Certificate x509) {
                path.add(x509);
            }
        }
        return evaluate(path);
    }

    /** Empty when the signer presenting {@code path} (leaf first) is trusted and valid now, else why not. */
    Optional<Refusal> evaluate(List<X509Certificate> path) {
        if (path.isEmpty()) {
            return Optional.of(new Refusal(Reason.UNKNOWN_SIGNER, "the signer has no X.509 certificate"));
        }
        List<X509Certificate> key = List.copyOf(path);
        Structure structure;
        synchronized (structures) {
            structure = structures.get(key);
        }
        if (structure == null) {
            structure = structure(key);
            synchronized (structures) {
                structures.put(key, structure);
            }
        }
        return structure.refusal() != null ? Optional.of(structure.refusal()) : validity(structure.chain());
    }

    /** How many presented chains are remembered now. */
    int remembered() {
        synchronized (structures) {
            return structures.size();
        }
    }

    private Structure structure(List<X509Certificate> path) {
        X509Certificate leaf = path.get(0);
        String usage = codeSigningRefusal(leaf);
        if (usage != null) {
            return new Structure(List.of(), new Refusal(Reason.UNKNOWN_SIGNER,
                    "certificate " + describe(leaf) + " may not sign code: " + usage));
        }
        List<X509Certificate> chain = trustedChain(path);
        if (chain.isEmpty()) {
            return new Structure(List.of(), new Refusal(Reason.UNKNOWN_SIGNER,
                    "signer " + describe(leaf) + " is not a trusted publisher and does not chain to one"));
        }
        return new Structure(List.copyOf(chain), null);
    }

    /** Key usage must allow signatures and extended key usage code signing, when the certificate restricts them. */
    private static String codeSigningRefusal(X509Certificate leaf) {
        // getKeyUsage() returns at least the nine bits RFC 5280 defines, whatever the certificate encodes
        boolean[] usage = leaf.getKeyUsage();
        if (usage != null && !usage[DIGITAL_SIGNATURE] && !usage[NON_REPUDIATION]) {
            return "its key usage allows neither digital signatures nor non-repudiation";
        }
        try {
            List<String> extended = leaf.getExtendedKeyUsage();
            if (extended != null && !extended.contains(CODE_SIGNING) && !extended.contains(ANY_EXTENDED_KEY_USAGE)) {
                return "its extended key usage " + extended + " does not include code signing";
            }
        } catch (CertificateParsingException e) {
            return "its extended key usage cannot be read";
        }
        return null;
    }

    /**
     * The chain from the signer up to a trusted certificate, or empty when there is none. Found from the top: first
     * the lowest certificate that is trusted or names a trusted issuer (names only, no cryptography), checked with
     * the trusted key; then each link below with the key just vouched for. So no signature is ever checked with a
     * key no trusted certificate vouches for: a chain of attacker keys costs name comparisons, not verifications.
     */
    private List<X509Certificate> trustedChain(List<X509Certificate> path) {
        int top = -1;
        X509Certificate anchor = null;
        for (int i = 0; i < Math.min(path.size(), MAX_PATH) && top < 0; i++) {
            X509Certificate cert = path.get(i);
            if (trusted.contains(cert)) {
                top = i;
            } else {
                for (X509Certificate candidate : trusted) {
                    // several trusted certificates may share a name (a rotated key): any that signed it will do
                    if (candidate.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                        top = i;
                        if (issued(candidate, cert, i)) {
                            anchor = candidate;
                            break;
                        }
                    }
                }
            }
        }
        if (top < 0 || (anchor == null && !trusted.contains(path.get(top)))) {
            return List.of();
        }
        for (int i = top - 1; i >= 0; i--) {
            if (!issued(path.get(i + 1), path.get(i), i)) {
                return List.of();
            }
        }
        List<X509Certificate> chain = new ArrayList<>(path.subList(0, top + 1));
        if (anchor != null) {
            chain.add(anchor);
        }
        return chain;
    }

    /**
     * Whether {@code issuer} signed {@code cert} and may have: it names the issuer, is a CA whose path length allows
     * the {@code casBelow} intermediate CAs between it and the leaf, and, if it restricts key usage, may sign
     * certificates.
     */
    private static boolean issued(X509Certificate issuer, X509Certificate cert, int casBelow) {
        if (!issuer.getSubjectX500Principal().equals(cert.getIssuerX500Principal())
                || issuer.getBasicConstraints() < casBelow) {
            return false;
        }
        boolean[] usage = issuer.getKeyUsage();
        if (usage != null && !usage[KEY_CERT_SIGN]) {
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
