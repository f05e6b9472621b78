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
     * @param file where to write; its directory must exist
     * @param key  the Ed25519 key to store, as PKCS#8 PEM, owner-only
     * @throws java.nio.file.FileAlreadyExistsException if the file exists (a key is never overwritten by
     *         accident; rotation uses {@link #replacePrivateKey(Path, SigningKeyPair)})
     * @throws IOException if the file system is not POSIX (the file could not be made owner-only) or the
     *         write fails; nothing is left at {@code file} then
     */
    public static void writePrivateKey(Path file, SigningKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, false);
    }

    /**
     * Creates a new X25519 private key file, as {@link #writePrivateKey(Path, SigningKeyPair)} does for
     * signing keys.
     *
     * @param file where to write; its directory must exist
     * @param key  the X25519 key to store, as PKCS#8 PEM, owner-only
     * @throws java.nio.file.FileAlreadyExistsException if the file exists
     * @throws IOException if the file system is not POSIX or the write fails
     */
    public static void writePrivateKey(Path file, SealingKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, false);
    }

    /**
     * Atomically replaces (or creates) a private key file, for key rotation. A reader sees the old key or
     * the new one, never a mix; the new file is owner-only whatever the old one's permissions were.
     *
     * @param file the key file to replace
     * @param key  the new Ed25519 key
     * @throws IOException if the file system is not POSIX or the write fails; the old file is then intact
     */
    public static void replacePrivateKey(Path file, SigningKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, true);
    }

    /**
     * Atomically replaces (or creates) an X25519 private key file, as
     * {@link #replacePrivateKey(Path, SigningKeyPair)} does for signing keys.
     *
     * @param file the key file to replace
     * @param key  the new X25519 key
     * @throws IOException if the file system is not POSIX or the write fails; the old file is then intact
     */
    public static void replacePrivateKey(Path file, SealingKeyPair key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), true, true);
    }

    /**
     * Reads an Ed25519 private key written by {@link #writePrivateKey(Path, SigningKeyPair)} (or by OpenSSL:
     * {@code openssl genpkey -algorithm ed25519}).
     *
     * @param file an owner-only PKCS#8 PEM file of at most 16 KiB
     * @return the key pair, its public key derived from the private one
     * @throws InsecureKeyFileException if the file is not a regular, owner-only file (it is not read then)
     * @throws KeyEncodingException     if it holds no Ed25519 PKCS#8 PEM key
     * @throws IOException              if the file is missing, too large or unreadable
     */
    public static SigningKeyPair readSigningKey(Path file) throws IOException {
        return SigningKeyPair.fromPem(text(KeyFileIo.readOwnerOnly(file), file));
    }

    /**
     * Reads an X25519 private key, with the same checks as {@link #readSigningKey(Path)}.
     *
     * @param file an owner-only PKCS#8 PEM file of at most 16 KiB
     * @return the key pair, its public key derived from the private one
     * @throws InsecureKeyFileException if the file is not a regular, owner-only file (it is not read then)
     * @throws KeyEncodingException     if it holds no X25519 PKCS#8 PEM key
     * @throws IOException              if the file is missing, too large or unreadable
     */
    public static SealingKeyPair readSealingKey(Path file) throws IOException {
        return SealingKeyPair.fromPem(text(KeyFileIo.readOwnerOnly(file), file));
    }

    /**
     * Writes (or atomically replaces) a public key file, with the default permissions.
     *
     * @param file where to write; its directory must exist
     * @param key  the Ed25519 public key, as SubjectPublicKeyInfo PEM
     * @throws IOException if the write fails; the old file, if any, is then intact
     */
    public static void writePublicKey(Path file, SigningPublicKey key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), false, true);
    }

    /**
     * Writes (or atomically replaces) an X25519 public key file, with the default permissions.
     *
     * @param file where to write; its directory must exist
     * @param key  the X25519 public key, as SubjectPublicKeyInfo PEM
     * @throws IOException if the write fails; the old file, if any, is then intact
     */
    public static void writePublicKey(Path file, SealingPublicKey key) throws IOException {
        KeyFileIo.write(file, ascii(key.toPem()), false, true);
    }

    /**
     * Reads an Ed25519 public key file. No permission check: public keys are not secret.
     *
     * @param file a SubjectPublicKeyInfo PEM file of at most 16 KiB
     * @return the validated key
     * @throws KeyEncodingException if it holds no valid Ed25519 public key PEM
     * @throws IOException          if the file is missing, too large or unreadable
     */
    public static SigningPublicKey readSigningPublicKey(Path file) throws IOException {
        return SigningPublicKey.fromPem(text(KeyFileIo.read(file), file));
    }

    /**
     * Reads an X25519 public key file. No permission check: public keys are not secret.
     *
     * @param file a SubjectPublicKeyInfo PEM file of at most 16 KiB
     * @return the validated key
     * @throws KeyEncodingException if it holds no valid X25519 public key PEM (small-order points included)
     * @throws IOException          if the file is missing, too large or unreadable
     */
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
