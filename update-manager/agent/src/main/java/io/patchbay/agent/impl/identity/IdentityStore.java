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
 *
 * <p><b>Rotation.</b> A new key pair is written to its own directory {@code identity/keys-MILLIS/} and named by the
 * {@code pending} file before the server is asked to register it ({@link #createPending}); once the server confirmed
 * it, the {@code current} file names that directory ({@link #commitPending}, one atomic write) and the rotated-out
 * private keys are deleted. Without a {@code current} file the keys are the enrolled ones in {@code identity/}. A
 * crash at any point leaves the old pair current and the new one pending or committed, never a mix of the two.
 * {@code rotated-at} holds when the keys in use were registered (enrollment or the last rotation).
 */
public final class IdentityStore {
    static final String SIGNING = "signing.key";
    static final String SEALING = "sealing.key";
    static final String CLIENT_ID = "client-id";
    static final String CURRENT = "current";
    static final String PENDING = "pending";
    static final String ROTATED_AT = "rotated-at";

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
        boolean rotated = Files.exists(dir.resolve(CURRENT));
        if (!rotated && (!Files.exists(signingFile) || !Files.exists(sealingFile))) {
            // Both or neither: a half-written pair (crash between the two writes) is regenerated whole; it was
            // never registered, since enrollment runs only after both files exist.
            Files.deleteIfExists(signingFile);
            Files.deleteIfExists(sealingFile);
            Files.deleteIfExists(dir.resolve(CLIENT_ID));
            KeyFiles.writePrivateKey(signingFile, SigningKeyPair.generate(random));
            KeyFiles.writePrivateKey(sealingFile, SealingKeyPair.generate(random));
        }
        Path keys = keyDirectory(CURRENT).orElse(dir);
        SigningKeyPair signing = KeyFiles.readSigningKey(keys.resolve(SIGNING));
        SealingKeyPair sealing = KeyFiles.readSealingKey(keys.resolve(SEALING));
        return new ClientIdentity(signing, sealing, readClientId().orElse(null));
    }

    /** The key pair of a rotation the server has not confirmed yet, with the same client id; empty if none. */
    public Optional<ClientIdentity> pending(ClientIdentity current) throws IOException {
        Optional<Path> pending = keyDirectory(PENDING);
        if (pending.isEmpty()) {
            return Optional.empty();
        }
        if (pending.equals(keyDirectory(CURRENT))) {
            Files.deleteIfExists(dir.resolve(PENDING)); // the crash came after the commit's one write
            return Optional.empty();
        }
        return Optional.of(new ClientIdentity(KeyFiles.readSigningKey(pending.get().resolve(SIGNING)),
                KeyFiles.readSealingKey(pending.get().resolve(SEALING)), current.clientId()));
    }

    /** Generates a new key pair and records it as pending (both files first, then the {@code pending} name). */
    public ClientIdentity createPending(ClientIdentity current) throws IOException {
        Path keys = dir.resolve("keys-" + clock.millis());
        for (int i = 1; Files.exists(keys); i++) {
            keys = dir.resolve("keys-" + clock.millis() + "-" + i);
        }
        Files.createDirectories(keys);
        if (Files.getFileStore(keys).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(keys, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        SigningKeyPair signing = SigningKeyPair.generate(random);
        SealingKeyPair sealing = SealingKeyPair.generate(random);
        KeyFiles.writePrivateKey(keys.resolve(SIGNING), signing);
        KeyFiles.writePrivateKey(keys.resolve(SEALING), sealing);
        AgentFiles.writeAtomically(dir.resolve(PENDING), keys.getFileName() + "\n");
        return new ClientIdentity(signing, sealing, current.clientId());
    }

    /**
     * The server registered the pending pair: it becomes current (one atomic write), and the rotated-out private
     * keys are deleted, as they are never used again. Returns the identity to sign with from now on.
     */
    public ClientIdentity commitPending(ClientIdentity pending) throws IOException {
        Path keys = keyDirectory(PENDING).orElseThrow(() -> new IOException("no pending key pair to commit"));
        Path old = keyDirectory(CURRENT).orElse(dir);
        AgentFiles.writeAtomically(dir.resolve(CURRENT), keys.getFileName() + "\n");
        Files.deleteIfExists(dir.resolve(PENDING));
        markRotated();
        Files.deleteIfExists(old.resolve(SIGNING));
        Files.deleteIfExists(old.resolve(SEALING));
        if (!old.equals(dir)) {
            Files.deleteIfExists(old);
        }
        return pending;
    }

    /** The server refused to register the pending pair (it never will): its name and keys are dropped. */
    public void abandonPending() throws IOException {
        Optional<Path> keys = keyDirectory(PENDING);
        Files.deleteIfExists(dir.resolve(PENDING));
        if (keys.isPresent() && !keys.equals(keyDirectory(CURRENT))) {
            Files.deleteIfExists(keys.get().resolve(SIGNING));
            Files.deleteIfExists(keys.get().resolve(SEALING));
            Files.deleteIfExists(keys.get());
        }
    }

    /** When the keys in use were registered; empty for an identity from before rotation existed. */
    public Optional<java.time.Instant> rotatedAt() throws IOException {
        Path file = dir.resolve(ROTATED_AT);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(java.time.Instant.ofEpochMilli(
                    Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip())));
        } catch (NumberFormatException e) {
            return Optional.empty(); // unreadable: counted from now again
        }
    }

    /** Records now as the time the keys in use were registered (or a refused rotation was given up). */
    public void markRotated() throws IOException {
        AgentFiles.writeAtomically(dir.resolve(ROTATED_AT), clock.millis() + "\n");
    }

    /** The key directory a pointer file names, refusing names that leave the identity directory. */
    private Optional<Path> keyDirectory(String pointer) throws IOException {
        Path file = dir.resolve(pointer);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String name = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!name.matches("keys-[0-9]+(-[0-9]+)?")) {
            throw new IOException(file + " names no key directory of this identity: '" + name + "'");
        }
        return Optional.of(dir.resolve(name));
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
        markRotated();
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
