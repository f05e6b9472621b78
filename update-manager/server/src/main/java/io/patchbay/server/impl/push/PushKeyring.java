package io.patchbay.server.impl.push;

import io.patchbay.crypto.api.KeyFiles;
import io.patchbay.crypto.api.SealedBox;
import io.patchbay.crypto.api.SealingPublicKey;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushSealer;
import io.patchbay.crypto.api.push.PushUrgency;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.PushBatches.Batch;
import io.patchbay.tuf.api.model.Root;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's push signing keys, in {@code push-keys/} of the data directory (rwx------; each key an owner-only
 * PKCS#8 file written by crypto's {@link KeyFiles}). The key that signs is the one whose public half the published
 * root lists in {@code x-patchbay-push-keys}: the root is the single source of truth, so a crash between writing a
 * new key and publishing the root that lists it leaves the old key signing, and a node sharing the data directory
 * picks up another node's rotation at its next re-scan ({@link #refresh}).
 *
 * <p>Rotation ({@link #rotate}) publishes root N+1 listing only the new key, signed with the root key(s) like the TLS
 * pin rotation. A client still on root N refuses pushes signed with the new key ({@code unknown_key}) until its next
 * check-in, which refreshes its root first: a push is only a wake-up, so it loses at most one early check.
 *
 * <p>A data directory initialised before pushes existed has no push key: at start one is generated and published by a
 * root rotation when the root key is at hand; otherwise pushes are refused ({@code no_push_key}) until
 * {@code patchbay server rotate-push-key} runs with the root key back in {@code repo-root-keys/}.
 */
public final class PushKeyring implements MessageSealer {
    public static final String DIR = "push-keys";
    private static final Logger LOG = LoggerFactory.getLogger(PushKeyring.class);

    /** The key that signs, and the root version that lists it. */
    private record Active(SigningKeyPair key, PushSealer sealer, long rootVersion) {
    }

    /** A push key rotation's outcome. */
    public record Rotation(long rootVersion, String pushKey, List<String> rootPushKeys) {
    }

    private final Path dir;
    private final ServerRepository repository;
    private final SecureRandom random;
    private volatile Active active;
    private volatile long seenRootVersion = -1;

    private PushKeyring(Path dir, ServerRepository repository, SecureRandom random) {
        this.dir = dir;
        this.repository = repository;
        this.random = random;
    }

    /**
     * Generates the first push key at init, before the repository exists, so root v1 lists it.
     *
     * @return its public half, base64url, for root's push-keys field
     */
    public static String init(Path dataDirectory, SecureRandom random) throws IOException {
        Path dir = dataDirectory.resolve(DIR);
        if (Files.exists(dir)) {
            throw new IOException(dir + " already exists");
        }
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return generate(dir, random).publicKey().base64Url();
    }

    /**
     * Opens the keys and selects the one root lists; with none, generates one and rotates root to list it (the
     * upgrade of a data directory initialised before pushes), or leaves pushes refused when the root key is away.
     */
    public static PushKeyring open(Path dataDirectory, ServerRepository repository, SecureRandom random)
            throws IOException {
        Path dir = dataDirectory.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        PushKeyring keyring = new PushKeyring(dir, Objects.requireNonNull(repository), Objects.requireNonNull(random));
        keyring.select();
        if (keyring.active == null && repository.publishedRoot().pushKeys().isEmpty()) {
            try {
                Rotation rotation = keyring.rotate();
                LOG.warn("this data directory had no push key: generated one and published root v{} listing it",
                        rotation.rootVersion());
            } catch (ServerRepository.RootRotationRefused e) {
                LOG.error("pushes are refused: root lists no push key and it cannot be rotated now ({}); run"
                        + " 'patchbay server rotate-push-key' once the root key is back", e.getMessage());
            }
        } else if (keyring.active == null) {
            LOG.error("pushes are refused: none of root's push keys {} is held in {}; run 'patchbay server"
                    + " rotate-push-key' with the root key at hand", repository.publishedRoot().pushKeys(), dir);
        }
        return keyring;
    }

    /** Re-selects the signing key when the published root changed (a rotation by another node). */
    public void refresh() {
        if (repository.publishedRoot().version() != seenRootVersion) {
            try {
                select();
            } catch (IOException e) {
                LOG.warn("cannot re-read the push keys: {}", e.getMessage());
            }
        }
    }

    /** The public half of the key that signs now (base64url), or null. */
    public String activeKey() {
        Active current = active;
        return current == null ? null : current.key().publicKey().base64Url();
    }

    /** Whether a push can be signed now; otherwise the reason, for the refusal. */
    public String unusableReason() {
        return active != null ? null : "the server has no push key listed in the published root; run 'patchbay server"
                + " rotate-push-key' (needs the root key in repo-root-keys/)";
    }

    /** Generates a new key, publishes root N+1 listing only it, and signs with it from then on. */
    public synchronized Rotation rotate() throws IOException {
        SigningKeyPair next = generate(dir, random);
        String pushKey = next.publicKey().base64Url();
        Root root = repository.rotatePushKeys(List.of(pushKey));
        activate(next, root.version());
        LOG.info("push key rotated: root v{} lists only {}", root.version(), pushKey);
        return new Rotation(root.version(), pushKey, root.pushKeys());
    }

    @Override
    public byte[] seal(Batch batch, String clientId, byte[] sealingKey, SealedBox.Prepared prepared) {
        Active current = active;
        if (current == null) {
            throw new IllegalStateException(unusableReason());
        }
        PushMessage message = new PushMessage(clientId, batch.id(), batch.createdAt(), batch.expiresAt(),
                PushAction.valueOf(batch.action().name()), PushUrgency.valueOf(batch.urgency().name()));
        SealingPublicKey recipient = SealingPublicKey.fromRaw(sealingKey);
        return prepared != null && prepared.isFor(recipient) ? current.sealer().seal(message, prepared)
                : current.sealer().seal(message, recipient);
    }

    @Override
    public SealedBox.Prepared prepare(byte[] sealingKey) {
        Active current = active;
        return current == null ? null : current.sealer().prepare(SealingPublicKey.fromRaw(sealingKey));
    }

    private synchronized void select() throws IOException {
        Root root = repository.publishedRoot();
        seenRootVersion = root.version();
        List<String> listed = root.pushKeys();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
            for (Path file : files) {
                SigningKeyPair key = KeyFiles.readSigningKey(file);
                if (listed.contains(key.publicKey().base64Url())) {
                    activate(key, root.version());
                    return;
                }
            }
        }
        active = null;
    }

    private void activate(SigningKeyPair key, long rootVersion) {
        active = new Active(key, new PushSealer(key, random), rootVersion);
        seenRootVersion = rootVersion;
    }

    private static SigningKeyPair generate(Path dir, SecureRandom random) throws IOException {
        SigningKeyPair key = SigningKeyPair.generate(random);
        String name = HexFormat.of().formatHex(key.publicKey().raw()).substring(0, 16) + ".key";
        KeyFiles.writePrivateKey(dir.resolve(name), key);
        return key;
    }
}
