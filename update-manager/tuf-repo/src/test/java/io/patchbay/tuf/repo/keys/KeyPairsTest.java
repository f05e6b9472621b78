package io.patchbay.tuf.repo.keys;

import io.patchbay.tuf.impl.crypto.Signatures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyPairsTest {

    @TempDir
    Path dir;

    // Built from parts so that secret scanners do not mistake this test for a committed key.
    private static final String PEM_BEGIN = "-----BEGIN " + "PRIVATE KEY-----";
    private static final String PEM_END = "-----END " + "PRIVATE KEY-----";

    @ParameterizedTest
    @ValueSource(strings = {"ed25519", "ecdsa-sha2-nistp256", "rsassa-pss-sha256"})
    void writesOwnerOnlyPkcs8AndReadsBackTheSameKey(String scheme) throws Exception {
        PrivateKeySigner signer = KeyPairs.generate(scheme);
        Path file = dir.resolve("key.pem");
        KeyPairs.writePrivateKey(signer, file);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith(PEM_BEGIN + "\n"));
        PrivateKeySigner read = KeyPairs.readPrivateKey(file);
        assertEquals(signer.keyId(), read.keyId());
        assertEquals(scheme, read.publicKey().scheme());
        byte[] message = "m".getBytes(StandardCharsets.UTF_8);
        assertTrue(Signatures.verify(signer.publicKey(), message, read.sign(message)));
    }

    @Test
    void refusesToOverwriteAKeyFile() throws Exception {
        Path file = dir.resolve("key.pem");
        KeyPairs.writePrivateKey(KeyPairs.generateEd25519(), file);
        assertThrows(FileAlreadyExistsException.class, () -> KeyPairs.writePrivateKey(KeyPairs.generateEd25519(), file));
    }

    @Test
    void refusesUnknownSchemeAndGarbage() {
        assertThrows(IllegalArgumentException.class, () -> KeyPairs.generate("dsa"));
        assertThrows(IllegalArgumentException.class, () -> KeyPairs.fromPem(PEM_BEGIN + "\nAAAA\n" + PEM_END + "\n"));
        assertThrows(IllegalArgumentException.class, () -> KeyPairs.fromPem("hello"));
    }

    @Test
    void signerKeyIdIsTheKeyIdOfItsPublicKey() {
        PrivateKeySigner signer = KeyPairs.generateEcdsaP256();
        assertEquals(signer.publicKey().keyId(), signer.keyId());
        assertEquals(64, signer.keyId().length());
    }
}
