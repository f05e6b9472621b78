package io.patchbay.agent.impl.identity;

import io.patchbay.agent.impl.files.AgentFiles;
import io.patchbay.crypto.api.KeyFiles;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's identity on disk, in {@code DATA/identity/}: {@code signing.key} (Ed25519) and {@code sealing.key}
 * (X25519), PKCS#8 PEM written owner-only by crypto's {@link KeyFiles} (which also refuses to read them back if
 * anyone loosened the permissions), and {@code client-id} once enrolled. Also remembers the SHA-256 of every
 * enrollment token it spent ({@code DATA/spent-tokens}), so a restart with the same, already used token says so
 * instead of asking the server again.
 *
 * <p>The keys are generated before enrollment and kept when it fails (unreachable server): a retry registers the
 * same keys. A revoked identity is moved aside ({@link #retire}), so the next enrollment uses fresh keys (the server
 * refuses a key it has seen, 409 {@code key_in_use}).
 */
public final class IdentityStore {
    static final String SIGNING = "signing.key";
    static final String SEALING = "sealing.key";
    static final String CLIENT_ID = "client-id";

    private final Path dataDirectory;
    private final Path dir;
    private final SecureRandom random;
    private final Clock clock;

    public IdentityStore(Path dataDirectory, SecureRandom random, Clock clock) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        this.dir = dataDirectory.resolve("identity");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Path directory() {
        return dir;
    }

    /** The stored identity, or a newly generated (not yet enrolled) one whose keys are already on disk. */
    public ClientIdentity loadOrCreate() throws IOException {
        Files.createDirectories(dir);
        Path signingFile = dir.resolve(SIGNING);
        Path sealingFile = dir.resolve(SEALING);
        if (!Files.exists(signingFile) || !Files.exists(sealingFile)) {
            // Both or neither: a half-written pair (crash between the two writes) is regenerated whole; it was
            // never registered, since enrollment runs only after both files exist.
            Files.deleteIfExists(signingFile);
            Files.deleteIfExists(sealingFile);
            Files.deleteIfExists(dir.resolve(CLIENT_ID));
            KeyFiles.writePrivateKey(signingFile, SigningKeyPair.generate(random));
            KeyFiles.writePrivateKey(sealingFile, SealingKeyPair.generate(random));
        }
        SigningKeyPair signing = KeyFiles.readSigningKey(signingFile);
        SealingKeyPair sealing = KeyFiles.readSealingKey(sealingFile);
        return new ClientIdentity(signing, sealing, readClientId().orElse(null));
    }

    private Optional<String> readClientId() throws IOException {
        Path file = dir.resolve(CLIENT_ID);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String id = Files.readString(file, StandardCharsets.US_ASCII).strip();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** Records the client id the server assigned (atomically: a crash leaves no id or the whole id). */
    public ClientIdentity saveClientId(ClientIdentity identity, String clientId) throws IOException {
        AgentFiles.writeAtomically(dir.resolve(CLIENT_ID), clientId + "\n");
        return identity.withClientId(clientId);
    }

    /** Moves a revoked identity aside (kept for diagnosis, never used again). */
    public void retire() throws IOException {
        if (Files.exists(dir)) {
            Path aside = dataDirectory.resolve("identity.revoked-" + clock.millis());
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public boolean tokenSpent(String token) throws IOException {
        Path file = dataDirectory.resolve("spent-tokens");
        return Files.exists(file) && Files.readAllLines(file, StandardCharsets.US_ASCII).contains(hash(token));
    }

    /** Remembers a token the server consumed (or refused): one-time tokens are never sent twice. */
    public void spendToken(String token) throws IOException {
        Path file = dataDirectory.resolve("spent-tokens");
        String old = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII) : "";
        AgentFiles.writeAtomically(file, old + hash(token) + "\n");
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
