package io.patchbay.testsupport;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.CertPath;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Keys and certificates generated in memory for tests (EC P-256: quick to generate). Nothing is written to
 * disk, so no test key can end up committed.
 */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestPki() {
    }

    /** A signing identity: a private key and its certificate chain, leaf first. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        public Identity {
            chain = List.copyOf(chain);
        }

        public X509Certificate certificate() {
            return chain.get(0);
        }

        public CertPath certPath() {
            try {
                return CertificateFactory.getInstance("X.509").generateCertPath(chain);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A self-signed publisher valid from an hour ago for a day: one nobody trusts unless a test says so. */
    public static Identity stranger(String commonName) {
        Instant now = Instant.now();
        return selfSigned(commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /**
     * A self-signed RSA 3072 publisher valid from an hour ago for a day: what benchmarks sign with, since the JDK
     * verifies RSA signatures about ten times faster than EC P-256 ones, as a real publisher key would be chosen.
     */
    public static Identity rsaPublisher(String commonName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            X509Certificate cert = certificate(commonName, pair, commonName, pair.getPrivate(),
                    now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)), false, "SHA256withRSA");
            return new Identity(pair.getPrivate(), List.of(cert));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Identity selfSigned(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyPair();
        X509Certificate cert = certificate(commonName, pair, commonName, pair.getPrivate(), notBefore, notAfter, false);
        return new Identity(pair.getPrivate(), List.of(cert));
    }

    public static Identity certificateAuthority(String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyPair();
        X509Certificate cert = certificate(commonName, pair, commonName, pair.getPrivate(), notBefore, notAfter, true);
        return new Identity(pair.getPrivate(), List.of(cert));
    }

    /** A leaf certified by {@code issuer}; its chain is the leaf followed by the issuer's chain. */
    public static Identity issuedBy(Identity issuer, String commonName, Instant notBefore, Instant notAfter) {
        return issued(issuer, commonName, notBefore, notAfter, false);
    }

    /** An intermediate CA certified by {@code issuer}. */
    public static Identity intermediateBy(Identity issuer, String commonName, Instant notBefore, Instant notAfter) {
        return issued(issuer, commonName, notBefore, notAfter, true);
    }

    private static Identity issued(Identity issuer, String commonName, Instant notBefore, Instant notAfter, boolean ca) {
        KeyPair pair = keyPair();
        X509Certificate cert = certificate(commonName, pair, issuer.certificate().getSubjectX500Principal().getName(),
                issuer.key(), notBefore, notAfter, ca);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(issuer.chain());
        return new Identity(pair.getPrivate(), chain);
    }

    /** The same leaf presented with a different chain above it (to test what a verifier does with extra links). */
    public static Identity withChain(Identity leaf, List<X509Certificate> above) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf.certificate());
        chain.addAll(above);
        return new Identity(leaf.key(), chain);
    }

    /**
     * What a certificate may do, beyond its names and dates: a CA (with an optional path length), and optional
     * key usage bits ({@code org.bouncycastle.asn1.x509.KeyUsage} constants, or-ed) and extended key usages (OIDs).
     */
    public record Profile(boolean ca, Integer pathLength, Integer keyUsage, List<String> extendedKeyUsages) {
        public static final Profile LEAF = new Profile(false, null, null, null);
        public static final Profile CA = new Profile(true, null, null, null);

        public static Profile caWithPathLength(int pathLength) {
            return new Profile(true, pathLength, null, null);
        }

        public Profile withKeyUsage(int bits) {
            return new Profile(ca, pathLength, bits, extendedKeyUsages);
        }

        public Profile withExtendedKeyUsages(String... oids) {
            return new Profile(ca, pathLength, keyUsage, List.of(oids));
        }
    }

    /** A self-signed certificate with {@code profile}. */
    public static Identity selfSigned(String commonName, Instant notBefore, Instant notAfter, Profile profile) {
        KeyPair pair = keyPair();
        return new Identity(pair.getPrivate(), List.of(profiled(commonName, pair, commonName, pair.getPrivate(),
                notBefore, notAfter, profile)));
    }

    /** A certificate with {@code profile} certified by {@code issuer}; its chain is it followed by the issuer's chain. */
    public static Identity issuedBy(Identity issuer, String commonName, Instant notBefore, Instant notAfter, Profile profile) {
        KeyPair pair = keyPair();
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(profiled(commonName, pair, issuer.certificate().getSubjectX500Principal().getName(), issuer.key(),
                notBefore, notAfter, profile));
        chain.addAll(issuer.chain());
        return new Identity(pair.getPrivate(), chain);
    }

    private static X509Certificate profiled(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                            Instant notBefore, Instant notAfter, Profile profile) {
        try {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    new X500Name(issuer.contains("=") ? issuer : "CN=" + issuer), BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(notBefore), Date.from(notAfter), new X500Name(subject.contains("=") ? subject : "CN=" + subject),
                    subjectKeys.getPublic());
            if (profile.ca()) {
                builder.addExtension(Extension.basicConstraints, true, profile.pathLength() == null
                        ? new BasicConstraints(true) : new BasicConstraints(profile.pathLength()));
            }
            if (profile.keyUsage() != null) {
                builder.addExtension(Extension.keyUsage, true, new KeyUsage(profile.keyUsage()));
            }
            if (profile.extendedKeyUsages() != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(profile.extendedKeyUsages()
                        .stream().map(oid -> KeyPurposeId.getInstance(new ASN1ObjectIdentifier(oid))).toArray(KeyPurposeId[]::new)));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate for " + subject, e);
        }
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca) {
        return certificate(subject, subjectKeys, issuer, issuerKey, notBefore, notAfter, ca, "SHA256withECDSA");
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca, String algorithm) {
        try {
            X500Name subjectName = new X500Name(subject.contains("=") ? subject : "CN=" + subject);
            X500Name issuerName = new X500Name(issuer.contains("=") ? issuer : "CN=" + issuer);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(notBefore), Date.from(notAfter), subjectName,
                    subjectKeys.getPublic());
            if (ca) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate for " + subject, e);
        }
    }
}
