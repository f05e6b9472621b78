package io.patchbay.crypto.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyFilesTest {
    /** Spelt in two parts so that secret scanners do not take this test for a committed key (it holds none). */
    private static final String PEM_PRIVATE_HEADER = "-----BEGIN " + "PRIVATE KEY-----\n";


    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    @BeforeAll
    static void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file system");
    }

    @Test
    void privateKeysAreWrittenOwnerOnlyAndReadBack() throws IOException {
        SigningKeyPair signing = SigningKeyPair.generate(RANDOM);
        SealingKeyPair sealing = SealingKeyPair.generate(RANDOM);
        Path signingFile = dir.resolve("client-signing.pem");
        Path sealingFile = dir.resolve("client-sealing.pem");
        KeyFiles.writePrivateKey(signingFile, signing);
        KeyFiles.writePrivateKey(sealingFile, sealing);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(signingFile)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(sealingFile)));
        assertTrue(Files.readString(signingFile).startsWith(PEM_PRIVATE_HEADER));
        assertEquals(signing.publicKey(), KeyFiles.readSigningKey(signingFile).publicKey());
        assertEquals(sealing.publicKey(), KeyFiles.readSealingKey(sealingFile).publicKey());
        assertEquals(List.of(sealingFile, signingFile), listing(), "no temporary files left behind");
    }

    @Test
    void anExistingKeyIsNeverOverwrittenByWrite() throws IOException {
        Path file = dir.resolve("key.pem");
        SigningKeyPair first = SigningKeyPair.generate(RANDOM);
        KeyFiles.writePrivateKey(file, first);
        assertThrows(FileAlreadyExistsException.class, () -> KeyFiles.writePrivateKey(file, SigningKeyPair.generate(RANDOM)));
        assertEquals(first.publicKey(), KeyFiles.readSigningKey(file).publicKey());
        assertEquals(List.of(file), listing());
    }

    @Test
    void replaceRotatesTheKeyAtomicallyAndStaysOwnerOnly() throws IOException {
        Path file = dir.resolve("key.pem");
        KeyFiles.writePrivateKey(file, SigningKeyPair.generate(RANDOM));
        SigningKeyPair next = SigningKeyPair.generate(RANDOM);
        KeyFiles.replacePrivateKey(file, next);
        assertEquals(next.publicKey(), KeyFiles.readSigningKey(file).publicKey());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(List.of(file), listing());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw-----w-", "rwx---r-x", "r--r-----"})
    void aKeyFileOthersCanAccessIsRefusedWithAClearMessage(String permissions) throws IOException {
        Path file = dir.resolve("key.pem");
        KeyFiles.writePrivateKey(file, SigningKeyPair.generate(RANDOM));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        InsecureKeyFileException e = assertThrows(InsecureKeyFileException.class, () -> KeyFiles.readSigningKey(file));
        assertTrue(e.getMessage().contains(permissions) && e.getMessage().contains("chmod 600 " + file), e.getMessage());
        assertEquals(file, e.file());
    }

    @Test
    void aReadOnlyOwnerFileIsAccepted() throws IOException {
        Path file = dir.resolve("key.pem");
        SealingKeyPair key = SealingKeyPair.generate(RANDOM);
        KeyFiles.writePrivateKey(file, key);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(key.publicKey(), KeyFiles.readSealingKey(file).publicKey());
    }

    @Test
    void aDirectoryIsNotAKeyFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("key.pem"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        assertThrows(InsecureKeyFileException.class, () -> KeyFiles.readSigningKey(sub));
    }

    @Test
    void garbageAndOversizedFilesAreRefused() throws IOException {
        Path garbage = ownerOnlyFile("garbage.pem", PEM_PRIVATE_HEADER + "!!!!\n-----END " + "PRIVATE KEY-----\n");
        assertThrows(KeyEncodingException.class, () -> KeyFiles.readSigningKey(garbage));
        Path huge = ownerOnlyFile("huge.pem", "A".repeat(64 * 1024));
        IOException e = assertThrows(IOException.class, () -> KeyFiles.readSigningKey(huge));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());
        Path wrongKind = ownerOnlyFile("x25519.pem", SealingKeyPair.generate(RANDOM).toPem());
        assertThrows(KeyEncodingException.class, () -> KeyFiles.readSigningKey(wrongKind));
    }

    @Test
    void publicKeysRoundTripAsSpkiPem() throws IOException {
        SigningPublicKey signing = SigningKeyPair.generate(RANDOM).publicKey();
        SealingPublicKey sealing = SealingKeyPair.generate(RANDOM).publicKey();
        KeyFiles.writePublicKey(dir.resolve("s.pub"), signing);
        KeyFiles.writePublicKey(dir.resolve("x.pub"), sealing);
        assertEquals(signing, KeyFiles.readSigningPublicKey(dir.resolve("s.pub")));
        assertEquals(sealing, KeyFiles.readSealingPublicKey(dir.resolve("x.pub")));
        assertArrayEquals(signing.toPem().getBytes(StandardCharsets.US_ASCII), Files.readAllBytes(dir.resolve("s.pub")));
    }

    private Path ownerOnlyFile(String name, String content) throws IOException {
        Path file = Files.createFile(dir.resolve(name),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
        return file;
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
