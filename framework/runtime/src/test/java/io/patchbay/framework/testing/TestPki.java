package io.patchbay.framework.testing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Keys and certificates generated in memory for tests (EC P-256: fast to generate); nothing touches disk. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime());

    private TestPki() {
    }

    /** A signing identity: a private key and its certificate chain, leaf first. */
    public record Identity(PrivateKey key, List<X509Certificate> chain) {
        public X509Certificate certificate() {
            return chain.get(0);
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

    public static Identity issuedBy(Identity issuer, String commonName, Instant notBefore, Instant notAfter) {
        KeyPair pair = keyPair();
        X509Certificate cert = certificate(commonName, pair, issuer.certificate().getSubjectX500Principal().getName(),
                issuer.key(), notBefore, notAfter, false);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        chain.addAll(issuer.chain());
        return new Identity(pair.getPrivate(), chain);
    }

    private static KeyPair keyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(String subject, KeyPair subjectKeys, String issuer, PrivateKey issuerKey,
                                               Instant notBefore, Instant notAfter, boolean ca) {
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
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
