package io.patchbay.license.impl.identity;

import io.patchbay.crypto.api.KeyFiles;
import io.patchbay.crypto.api.SigningKeyPair;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The instance's Ed25519 key: generated on first start, kept in the data directory owner-only (crypto's
 * KeyFiles refuses to read it if anyone else may), never replaced by this class. Losing it means re-activating;
 * copying it (with the data directory) is what the fingerprint and the server's clone detection catch.
 */
public final class InstanceKeys {

    public static final String FILE = "instance.key";

    private InstanceKeys() {
    }

    /** Reads the instance key in {@code dir}, or creates it there if there is none. */
    public static SigningKeyPair loadOrCreate(Path dir, SecureRandom random) throws IOException {
        Path file = dir.resolve(FILE);
        if (Files.exists(file)) {
            return KeyFiles.readSigningKey(file);
        }
        Files.createDirectories(dir);
        SigningKeyPair created = SigningKeyPair.generate(random);
        try {
            KeyFiles.writePrivateKey(file, created);
            return created;
        } catch (FileAlreadyExistsException raced) {
            // Another process created it first: that key is the instance's, not ours.
            return KeyFiles.readSigningKey(file);
        }
    }
}
