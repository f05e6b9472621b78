package io.patchbay.crypto.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Key files: private keys as PKCS#8 PEM, owner-only (rw-------, set at creation, never loosened later),
 * public keys as SubjectPublicKeyInfo PEM. Every write goes through a temporary file beside the target and
 * an atomic move, so a reader or a crash sees the old file or the new one, never a partial key.
 *
 * <p>Reading a private key checks first that the file is a regular file with no group or other permission
 * bits, and refuses with {@link InsecureKeyFileException} otherwise (as ssh does). Needs a POSIX file
 * system; on others, private keys are refused rather than written or read unprotected.
 */
public final class KeyFiles {

    private KeyFiles() {
    }

    /**
     * Creates a new private key file.
     *
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (a key is never overwritten by
     *         accident; rotation uses {@link #replacePrivateKey(Path, SigningKeyPair)})
     */
    public static void writePrivateKey(Path file, SigningKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, false);
    }

    public static void writePrivateKey(Path file, SealingKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, false);
    }

    /** Atomically replaces (or creates) a private key file, for key rotation. */
    public static void replacePrivateKey(Path file, SigningKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, true);
    }

    public static void replacePrivateKey(Path file, SealingKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, true);
    }

    /**
     * @throws InsecureKeyFileException if the file is not owner-only
     * @throws KeyEncodingException     if it holds no Ed25519 PKCS#8 PEM key
     */
    public static SigningKeyPair readSigningKey(Path file) throws IOException {
        return SigningKeyPair.fromPem(text(KeyFileIo.readOwnerOnly(file), file));
    }

    public static SealingKeyPair readSealingKey(Path file) throws IOException {
        return SealingKeyPair.fromPem(text(KeyFileIo.readOwnerOnly(file), file));
    }

    /** Writes (or atomically replaces) a public key file, with the default permissions. */
    public static void writePublicKey(Path file, SigningPublicKey key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), false, true);
    }

    public static void writePublicKey(Path file, SealingPublicKey key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), false, true);
    }

    public static SigningPublicKey readSigningPublicKey(Path file) throws IOException {
        return SigningPublicKey.fromPem(text(KeyFileIo.read(file), file));
    }

    public static SealingPublicKey readSealingPublicKey(Path file) throws IOException {
        return SealingPublicKey.fromPem(text(KeyFileIo.read(file), file));
    }

    private static byte[] ascii(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] bytes, Path file) {
        for (byte b : bytes) {
            if (b < 0) {
                throw new KeyEncodingException("key file " + file + " is not ASCII PEM");
            }
        }
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
