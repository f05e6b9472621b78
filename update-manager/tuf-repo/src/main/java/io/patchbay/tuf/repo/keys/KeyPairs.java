package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.impl.crypto.Pem;
import io.patchbay.tuf.impl.crypto.Schemes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.crypto.params.RSAPrivateCrtKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Generates signing keys for the three supported schemes and reads/writes them as unencrypted PKCS#8 PEM
 * files that only their owner may read (rw-------).
 */
public final class KeyPairs {

    /** RSA modulus size for new keys (what securesystemslib generates by default). */
    public static final int RSA_BITS = 3072;
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyPairs() {
    }

    public static PrivateKeySigner generateEd25519() {
        Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
        generator.init(new Ed25519KeyGenerationParameters(RANDOM));
        return new Ed25519KeySigner((Ed25519PrivateKeyParameters) generator.generateKeyPair().getPrivate());
    }

    public static PrivateKeySigner generateEcdsaP256() {
        X9ECParameters curve = ECNamedCurveTable.getByOID(SECObjectIdentifiers.secp256r1);
        ECDomainParameters domain = new ECNamedDomainParameters(SECObjectIdentifiers.secp256r1, curve);
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(domain, RANDOM));
        return new EcdsaKeySigner((ECPrivateKeyParameters) generator.generateKeyPair().getPrivate());
    }

    public static PrivateKeySigner generateRsaPss() {
        return generateRsaPss(RSA_BITS);
    }

    /** @param bits at least 2048 (smaller keys would count for nothing when verifying) */
    public static PrivateKeySigner generateRsaPss(int bits) {
        if (bits < 2048) {
            throw new IllegalArgumentException("RSA keys must have at least 2048 bits, got " + bits);
        }
        RSAKeyPairGenerator generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), RANDOM, bits, 112));
        AsymmetricCipherKeyPair pair = generator.generateKeyPair();
        return new RsaPssKeySigner((RSAPrivateCrtKeyParameters) pair.getPrivate());
    }

    /** @param scheme {@code ed25519}, {@code ecdsa-sha2-nistp256} or {@code rsassa-pss-sha256} */
    public static PrivateKeySigner generate(String scheme) {
        return switch (scheme) {
            case Schemes.ED25519 -> generateEd25519();
            case Schemes.ECDSA_P256 -> generateEcdsaP256();
            case Schemes.RSA_PSS_SHA256 -> generateRsaPss();
            default -> throw new IllegalArgumentException("unsupported signature scheme '" + scheme
                    + "' (supported: ed25519, ecdsa-sha2-nistp256, rsassa-pss-sha256)");
        };
    }

    /** The PKCS#8 PEM text of the signer's private key. Handle with care. */
    public static String toPem(PrivateKeySigner signer) {
        return Pem.encode(Pem.PRIVATE_KEY, signer.pkcs8());
    }

    /** Rebuilds a signer from PKCS#8 PEM; the scheme follows from the key (Ed25519, EC P-256, RSA). */
    public static PrivateKeySigner fromPem(String pem) {
        AsymmetricKeyParameter key;
        try {
            key = PrivateKeyFactory.createKey(Pem.decode(Pem.PRIVATE_KEY, pem));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a PKCS#8 private key: " + e.getMessage(), e);
        }
        if (key instanceof Ed25519PrivateKeyParameters ed) {
            return new Ed25519KeySigner(ed);
        }
        if (key instanceof ECPrivateKeyParameters ec) {
            if (!(ec.getParameters() instanceof ECNamedDomainParameters named)
                    || !SECObjectIdentifiers.secp256r1.equals(named.getName())) {
                throw new IllegalArgumentException("only EC keys on P-256 are supported");
            }
            return new EcdsaKeySigner(ec);
        }
        if (key instanceof RSAPrivateCrtKeyParameters rsa) {
            return new RsaPssKeySigner(rsa);
        }
        throw new IllegalArgumentException("unsupported private key type " + key.getClass().getSimpleName());
    }

    /**
     * Writes the private key as PKCS#8 PEM into a NEW file created owner-only (rw-------) atomically with
     * its permissions, so there is no moment where others could read it. Refuses to overwrite.
     */
    public static void writePrivateKey(PrivateKeySigner signer, Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, toPem(signer), StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
    }

    public static PrivateKeySigner readPrivateKey(Path file) throws IOException {
        return fromPem(Files.readString(file, StandardCharsets.US_ASCII));
    }
}
