package io.patchbay.server.impl.http;

import io.patchbay.crypto.api.TlsPins;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS key and self-signed certificate, in the data directory:
 * <ul>
 *   <li>{@code tls/server.p12}: the ECDSA P-256 key and certificate (PKCS#12), owner-only;</li>
 *   <li>{@code tls/server.p12.password}: its generated password, owner-only;</li>
 *   <li>{@code tls/server.crt}: the certificate in PEM, public (what clients pin or trust).</li>
 * </ul>
 * A renewal ({@code server rotate-cert}) adds identities of the same shape in slots beside it; {@link TlsSlots}
 * says which one is served. Clients trust the key by its pin ({@link TlsPins}), not by a CA, so the certificate is self-signed. It
 * names {@code localhost} and {@code 127.0.0.1} for the loopback default; the pin is what counts.
 * P-256 rather than Ed25519 because every JDK TLS stack handles it. The certificate is parsed back with the
 * JDK's {@link CertificateFactory}: a Bouncy Castle certificate object would fail the JDK handshake.
 */
public final class TlsIdentity {
    public static final String ALIAS = "patchbay-server";
    static final String KEY_STORE = "server.p12";
    static final String PASSWORD = "server.p12.password";
    static final String CERTIFICATE = "server.crt";
    static final Duration VALIDITY = Duration.ofDays(825);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final KeyStore keyStore;
    private final char[] password;
    private final X509Certificate certificate;

    private TlsIdentity(KeyStore keyStore, char[] password, X509Certificate certificate) {
        this.keyStore = keyStore;
        this.password = password;
        this.certificate = certificate;
    }

    static Path directory(Path dataDirectory) {
        return dataDirectory.resolve("tls");
    }

    static Path keyStoreFile(Path dataDirectory) {
        return directory(dataDirectory).resolve(KEY_STORE);
    }

    /** The certificate {@code init} wrote, in PEM (a renewal's certificates sit in their own slot, see TlsSlots). */
    public static Path certificateFile(Path dataDirectory) {
        return directory(dataDirectory).resolve(CERTIFICATE);
    }

    /** Whether init made an identity here (a renewal may since have retired and an operator deleted init's key). */
    public static boolean exists(Path dataDirectory) {
        return Files.exists(keyStoreFile(dataDirectory)) || Files.exists(directory(dataDirectory).resolve(TlsSlots.STATE_FILE));
    }

    /** Generates a new key and certificate into the data directory; refuses to overwrite existing ones. */
    public static TlsIdentity generate(Path dataDirectory, Clock clock, SecureRandom random) throws IOException {
        if (exists(dataDirectory)) {
            throw new FileAlreadyExistsException(keyStoreFile(dataDirectory).toString(), null,
                    "the server already has a TLS identity; rotate it instead of running init again");
        }
        Files.createDirectories(directory(dataDirectory));
        return generateIn(directory(dataDirectory), clock, random);
    }

    /** Generates a key and certificate into {@code slot}, an existing directory without them. */
    static TlsIdentity generateIn(Path slot, Clock clock, SecureRandom random) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X509Certificate certificate = selfSigned(keys, clock.instant(), random);
            byte[] secret = new byte[24];
            random.nextBytes(secret);
            char[] password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret).toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, keys.getPrivate(), password, new X509Certificate[] {certificate});

            writeOwnerOnly(slot.resolve(PASSWORD), new String(password).getBytes(StandardCharsets.US_ASCII));
            try (OutputStream out = newOwnerOnly(slot.resolve(KEY_STORE))) {
                store.store(out, password);
            }
            Files.writeString(slot.resolve(CERTIFICATE), pem(certificate), StandardCharsets.US_ASCII,
                    StandardOpenOption.CREATE_NEW);
            return new TlsIdentity(store, password, certificate);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the server's TLS identity: " + e.getMessage(), e);
        }
    }

    /** Loads the identity the server serves: the one {@code init} wrote, or the one a renewal activated. */
    public static TlsIdentity load(Path dataDirectory) throws IOException {
        if (!exists(dataDirectory)) {
            throw new IOException("no TLS identity in " + dataDirectory + "; run init first");
        }
        return TlsSlots.open(dataDirectory).loadActive();
    }

    /** Loads the identity in {@code slot} (a directory {@link #generateIn} wrote). */
    static TlsIdentity loadFrom(Path slot) throws IOException {
        Path keyStore = slot.resolve(KEY_STORE);
        char[] password = Files.readString(slot.resolve(PASSWORD), StandardCharsets.US_ASCII).trim().toCharArray();
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            if (certificate == null || store.getKey(ALIAS, password) == null) {
                throw new IOException(keyStore + " holds no key '" + ALIAS + "'");
            }
            return new TlsIdentity(store, password, certificate);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + keyStore + ": " + e.getMessage(), e);
        }
    }

    public KeyStore keyStore() {
        return keyStore;
    }

    String password() {
        return new String(password);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The RFC 7469 pin-sha256 of the certificate's key. */
    public String pinSha256() {
        return TlsPins.pinSha256(certificate);
    }

    private static X509Certificate selfSigned(KeyPair keys, Instant now, SecureRandom random)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name name = new X500Name("CN=patchbay-server");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, new BigInteger(127, random).add(BigInteger.ONE),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, keys.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())).getEncoded();
        // Parsed by the JDK, so the TLS stack gets its own certificate class.
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    static String pem(X509Certificate certificate) throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    static void writeOwnerOnly(Path file, byte[] content) throws IOException {
        try (OutputStream out = newOwnerOnly(file)) {
            out.write(content);
        }
    }

    /**
     * Replaces {@code file} with {@code content} in one rename (a crash leaves the old or the new file, never half
     * of one), owner-only from its creation: the server's small state files.
     */
    public static void replaceOwnerOnly(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        writeOwnerOnly(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates the file owner-only from the start (no window in which it is readable by others). */
    static OutputStream newOwnerOnly(Path file) throws IOException {
        if (Files.getFileStore(file.getParent()).supportsFileAttributeView("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
        return Files.newOutputStream(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
