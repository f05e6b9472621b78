package io.patchbay.license.server.impl.keys;

import io.patchbay.crypto.api.KeyFiles;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.SigningPublicKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The vendor license keys (Ed25519), in {@code <private dir>/vendor-keys/}: {@code <kid>.key} owner-only PKCS#8 (via
 * crypto's {@link KeyFiles}) and {@code active}, the id of the key that signs. The first start generates one. A
 * rotation adds a key and makes it the signer; older keys stay, so clients that trust them still verify tokens
 * issued before (they learn the new key through a software update or their configuration).
 *
 * <p>A key id is {@code vk-} and the first 16 hex digits of SHA-256 over the raw public key: it names the key, so a
 * file renamed by hand is refused rather than trusted under another name.
 */
public final class VendorKeys {
    static final String DIRECTORY = "vendor-keys";
    static final String ACTIVE = "active";
    private static final Pattern KEY_FILE = Pattern.compile("vk-[0-9a-f]{16}\\.key");

    private final Path dir;
    private final Map<String, SigningKeyPair> keys;
    private volatile String activeId;

    private VendorKeys(Path dir, Map<String, SigningKeyPair> keys, String activeId) {
        this.dir = dir;
        this.keys = keys;
        this.activeId = activeId;
    }

    /** Loads the keys, generating the first one when there is none. */
    public static VendorKeys open(Path privateDirectory, SecureRandom random) throws IOException {
        Path dir = privateDirectory.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Map<String, SigningKeyPair> keys = Collections.synchronizedMap(new TreeMap<>());
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.key")) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!KEY_FILE.matcher(name).matches()) {
                    throw new IOException("unexpected file " + file + " among the vendor keys");
                }
                SigningKeyPair key = KeyFiles.readSigningKey(file);
                String id = keyId(key.publicKey());
                if (!name.equals(id + ".key")) {
                    throw new IOException("vendor key file " + file + " holds key " + id + ", not the key its name says");
                }
                keys.put(id, key);
            }
        }
        VendorKeys vendorKeys = new VendorKeys(dir, keys, null);
        Path active = dir.resolve(ACTIVE);
        if (keys.isEmpty()) {
            vendorKeys.rotate(random);
        } else if (Files.exists(active)) {
            String id = Files.readString(active, StandardCharsets.US_ASCII).trim();
            if (!keys.containsKey(id)) {
                throw new IOException(active + " names " + id + ", which is not among the vendor keys");
            }
            vendorKeys.activeId = id;
        } else {
            throw new IOException("vendor keys without " + active + ": say which key signs");
        }
        return vendorKeys;
    }

    /** Adds a new key and makes it the signer; returns its id. */
    public synchronized String rotate(SecureRandom random) throws IOException {
        SigningKeyPair key = SigningKeyPair.generate(random);
        String id = keyId(key.publicKey());
        KeyFiles.writePrivateKey(dir.resolve(id + ".key"), key);
        keys.put(id, key);
        Path tmp = dir.resolve(ACTIVE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, dir.resolve(ACTIVE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, dir.resolve(ACTIVE), StandardCopyOption.REPLACE_EXISTING);
        }
        activeId = id;
        return id;
    }

    public String activeId() {
        return activeId;
    }

    public SigningKeyPair active() {
        return Objects.requireNonNull(keys.get(activeId));
    }

    /** Every vendor public key by id (the signer and the ones it replaced). */
    public Map<String, SigningPublicKey> publicKeys() {
        Map<String, SigningPublicKey> out = new LinkedHashMap<>();
        synchronized (keys) {
            keys.forEach((id, key) -> out.put(id, key.publicKey()));
        }
        return out;
    }

    public static String keyId(SigningPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.raw());
            return "vk-" + HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
