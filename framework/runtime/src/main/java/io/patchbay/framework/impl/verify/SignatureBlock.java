package io.patchbay.framework.impl.verify;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Reads a jar's signature block (the PKCS#7 / CMS SignedData in META-INF/X.RSA, .DSA or .EC) with Bouncy Castle's
 * CMS, to be verified over its .SF file, and returns who signed: each signer's certificate chain as the block presents it, built
 * the way the JDK's jar verifier builds it (leaf first, then the certificate whose subject is the previous issuer).
 * Whether that signer is trusted is {@link SignerTrust}'s question, not this class's.
 *
 * <p>As the JDK's jar verifier treats a signature it cannot use as no signature, so does this class (UNSIGNED_ENTRY):
 * an unreadable block, a block without signers or without the signer's certificate, a block carrying its own
 * content (jarsigner never embeds the .SF), and algorithms below the JDK's jar policy or SHA-2 strength.
 */
final class SignatureBlock {

    /**
     * A signer of the block: its chain as presented, leaf first, and its signature, verified only on request: a
     * caller checks the signer is trusted first, so no signature is checked with a key nobody vouches for.
     */
    record Signer(List<X509Certificate> path, SignerInformation info) {
        /** Whether the signature verifies over the .SF (signed attributes, digest and all). */
        boolean verifies() {
            try {
                return info.verify(verifier(path.get(0).getPublicKey()));
            } catch (CMSException | OperatorCreationException | RuntimeException e) {
                return false;
            }
        }
    }

    /**
     * Verifiers per public key, reused: building one costs more than the signature check it serves. They hold no
     * state between checks (each check gets a fresh JCA Signature and MessageDigest), so sharing them is safe.
     * Only a trusted signer's key ever gets here; the bound keeps a long-running runtime's set small all the same.
     */
    static final int REUSED_VERIFIERS = 16;
    private static final Map<PublicKey, SignerInformationVerifier> VERIFIERS = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<PublicKey, SignerInformationVerifier> eldest) {
            return size() > REUSED_VERIFIERS;
        }
    };

    /** How many verifiers are kept for reuse now. */
    static int reusedVerifiers() {
        synchronized (VERIFIERS) {
            return VERIFIERS.size();
        }
    }

    static void forgetVerifiers() {
        synchronized (VERIFIERS) {
            VERIFIERS.clear();
        }
    }

    private static SignerInformationVerifier verifier(PublicKey key) throws OperatorCreationException {
        synchronized (VERIFIERS) {
            SignerInformationVerifier verifier = VERIFIERS.get(key);
            if (verifier == null) {
                verifier = new JcaSimpleSignerInfoVerifierBuilder().build(key);
                VERIFIERS.put(key, verifier);
            }
            return verifier;
        }
    }

    /** SHA-2 and SHA-3 digests; SHA-1 and MD5 are disabled for jars by the JDK. */
    private static final Set<String> DIGESTS = Set.of("2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2",
            "2.16.840.1.101.3.4.2.3", "2.16.840.1.101.3.4.2.8", "2.16.840.1.101.3.4.2.9", "2.16.840.1.101.3.4.2.10");

    /** RSA (PKCS#1 v1.5 with SHA-2, PSS), ECDSA with SHA-2, DSA with SHA-2, EdDSA. */
    private static final Set<String> SIGNATURES = Set.of("1.2.840.113549.1.1.1", "1.2.840.113549.1.1.10",
            "1.2.840.113549.1.1.11", "1.2.840.113549.1.1.12", "1.2.840.113549.1.1.13", "1.2.840.10045.2.1",
            "1.2.840.10045.4.3.2", "1.2.840.10045.4.3.3", "1.2.840.10045.4.3.4", "2.16.840.1.101.3.4.3.2",
            "2.16.840.1.101.3.4.3.3", "2.16.840.1.101.3.4.3.4", "1.3.101.112", "1.3.101.113");

    /** Minimum key sizes in bits: RSA and DSA 2048 (NIST), EC 256. */
    private static final int MIN_RSA_DSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;

    /** Certificates in one block: a leaf and its chain, for each of a few signers. */
    static final int MAX_CERTIFICATES = 32;

    private SignatureBlock() {
    }

    /** The block's signers, each with a sound algorithm and its certificate present; nothing verified yet. */
    static List<Signer> read(String artifact, String blockName, byte[] block, byte[] signatureFile, int maxSigners) {
        Collection<SignerInformation> infos;
        List<X509CertificateHolder> holders;
        boolean embedded;
        try {
            CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(signatureFile), block);
            embedded = SignedData.getInstance(data.toASN1Structure().getContent()).getEncapContentInfo().getContent() != null;
            infos = data.getSignerInfos().getSigners();
            holders = new ArrayList<>(data.getCertificates().getMatches(null));
        } catch (CMSException | RuntimeException e) {
            throw Refusal.unsigned(artifact, "signature block " + blockName + " cannot be read: " + e.getMessage());
        }
        if (embedded || infos.isEmpty()) {
            throw Refusal.unsigned(artifact, "signature block " + blockName
                    + (embedded ? " carries its own content" : " has no signer"));
        }
        if (infos.size() > maxSigners || holders.size() > MAX_CERTIFICATES) {
            throw Refusal.oversized(artifact, "signature block " + blockName + " has " + infos.size() + " signers and "
                    + holders.size() + " certificates (limits " + maxSigners + " and " + MAX_CERTIFICATES + ")");
        }
        List<X509Certificate> certificates = certificates(artifact, blockName, holders);
        List<Signer> signers = new ArrayList<>(infos.size());
        for (SignerInformation info : infos) {
            X509Certificate leaf = null;
            for (int i = 0; i < holders.size() && leaf == null; i++) {
                leaf = info.getSID().match(holders.get(i)) ? certificates.get(i) : null;
            }
            if (leaf == null) {
                throw Refusal.unsigned(artifact, "signature block " + blockName + " lacks its signer's certificate");
            }
            requireStrong(artifact, blockName, info, leaf.getPublicKey());
            signers.add(new Signer(chain(leaf, certificates), info));
        }
        return signers;
    }

    private static void requireStrong(String artifact, String blockName, SignerInformation info, PublicKey key) {
        String problem = null;
        if (!DIGESTS.contains(info.getDigestAlgOID())) {
            problem = "digest algorithm " + info.getDigestAlgOID();
        } else if (!SIGNATURES.contains(info.getEncryptionAlgOID())) {
            problem = "signature algorithm " + info.getEncryptionAlgOID();
        } else if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_DSA_BITS
                || key instanceof DSAKey dsa && dsa.getParams().getP().bitLength() < MIN_RSA_DSA_BITS
                || key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            problem = "a " + key.getAlgorithm() + " key that is too small";
        }
        if (problem != null) {
            throw Refusal.unsigned(artifact, "signature block " + blockName + " uses a disabled " + problem
                    + ": the jar counts as unsigned");
        }
    }

    private static List<X509Certificate> certificates(String artifact, String blockName, List<X509CertificateHolder> holders) {
        List<X509Certificate> certificates = new ArrayList<>(holders.size());
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (X509CertificateHolder holder : holders) {
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
            }
        } catch (CertificateException | java.io.IOException e) {
            throw Refusal.unsigned(artifact, "signature block " + blockName + " has an unreadable certificate: " + e.getMessage());
        }
        return certificates;
    }

    /**
     * The chain as the JDK builds it for a jar signer: from the leaf, repeatedly the first unused certificate whose
     * subject is the current issuer, until a self-issued certificate or no match. Each certificate is used once.
     */
    static List<X509Certificate> chain(X509Certificate leaf, List<X509Certificate> certificates) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        List<X509Certificate> unused = new ArrayList<>(certificates);
        unused.remove(leaf);
        X509Certificate current = leaf;
        while (!current.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
            X509Certificate next = null;
            for (X509Certificate candidate : unused) {
                if (candidate.getSubjectX500Principal().equals(current.getIssuerX500Principal())) {
                    next = candidate;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            unused.remove(next);
            chain.add(next);
            current = next;
        }
        return chain;
    }
}
