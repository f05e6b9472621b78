package io.patchbay.tuf.repo;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.TufSigner;
import io.patchbay.tuf.repo.keys.KeyPairs;
import io.patchbay.tuf.repo.keys.PrivateKeySigner;
import io.patchbay.tuf.api.StrictJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A directory of signing keys, one sub-directory per role: {@code ROLE/KEYID.pem} (PKCS#8, rw-------) and
 * {@code ROLE/KEYID.pub} (the public key as TUF metadata lists it, safe to hand out). A ring may hold only
 * some keys of a role: several operators can each keep their own ring and add their signatures in turn.
 */
public final class KeyRing {

    /** Role names that may become directory and metadata file names without escaping. */
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Path dir;

    private KeyRing(Path dir) {
        this.dir = dir;
    }

    /** Opens (without creating) the ring at {@code dir}; an absent directory is an empty ring. */
    public static KeyRing at(Path dir) {
        return new KeyRing(dir.toAbsolutePath().normalize());
    }

    public Path dir() {
        return dir;
    }

    /** @throws RepositoryException unless {@code name} is a letters/digits/._- name of at most 100 characters */
    public static String checkRoleName(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches() || name.contains("..")) {
            throw new RepositoryException("role name '" + name
                    + "' must be 1-100 characters of letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * Generates {@code count} new keys for {@code role} and writes them owner-only into the ring.
     *
     * @param scheme ed25519, ecdsa-sha2-nistp256 or rsassa-pss-sha256
     * @return the public keys (the private halves stay in the ring)
     */
    public List<TufKey> generate(String role, int count, String scheme) {
        checkRoleName(role);
        if (count < 1 || count > 100) {
            throw new RepositoryException("key count must be between 1 and 100, got " + count);
        }
        Path roleDir = roleDir(role);
        List<TufKey> keys = new ArrayList<>();
        try {
            createOwnerOnlyDirectories(roleDir);
            for (int i = 0; i < count; i++) {
                PrivateKeySigner signer;
                try {
                    signer = KeyPairs.generate(scheme);
                } catch (IllegalArgumentException e) {
                    throw new RepositoryException(e.getMessage(), e);
                }
                KeyPairs.writePrivateKey(signer, roleDir.resolve(signer.keyId() + ".pem"));
                Files.write(roleDir.resolve(signer.keyId() + ".pub"), StrictJson.write(signer.publicKey().toJson()));
                keys.add(signer.publicKey());
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot write keys into " + roleDir + ": " + e.getMessage(), e);
        }
        return keys;
    }

    private void createOwnerOnlyDirectories(Path roleDir) throws IOException {
        for (Path d : new Path[] {dir, roleDir}) {
            if (!Files.isDirectory(d)) {
                Files.createDirectories(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
        }
    }

    /** Every private key of {@code role} in this ring, by key id. */
    public Map<String, TufSigner> signers(String role) {
        Map<String, TufSigner> signers = new LinkedHashMap<>();
        for (Path pem : files(roleDir(checkRoleName(role)), ".pem")) {
            try {
                PrivateKeySigner signer = KeyPairs.readPrivateKey(pem);
                signers.put(signer.keyId(), signer);
            } catch (IOException | IllegalArgumentException e) {
                throw new RepositoryException("cannot read private key " + pem + ": " + e.getMessage(), e);
            }
        }
        return signers;
    }

    /** Every private key in the ring (all roles), by key id: signing picks the ones a role authorises. */
    public Map<String, TufSigner> allSigners() {
        Map<String, TufSigner> all = new LinkedHashMap<>();
        for (String role : roles()) {
            all.putAll(signers(role));
        }
        return all;
    }

    /** The public keys of {@code role} (from its .pub files, or derived from .pem files without one). */
    public List<TufKey> publicKeys(String role) {
        Map<String, TufKey> keys = new LinkedHashMap<>();
        for (Path pub : files(roleDir(checkRoleName(role)), ".pub")) {
            TufKey key = readPublicKey(pub);
            keys.put(key.keyId(), key);
        }
        signers(role).forEach((id, signer) -> keys.putIfAbsent(id, signer.publicKey()));
        return List.copyOf(keys.values());
    }

    /** Finds a public key by id (or unique id prefix of at least 8 hex digits) in any role of the ring. */
    public Optional<TufKey> findPublicKey(String keyIdOrPrefix) {
        if (keyIdOrPrefix.length() < 8) {
            throw new RepositoryException("key id prefix '" + keyIdOrPrefix + "' is too short (8 hex digits at least)");
        }
        List<TufKey> matches = new ArrayList<>();
        for (String role : roles()) {
            for (TufKey key : publicKeys(role)) {
                if (key.keyId().startsWith(keyIdOrPrefix) && matches.stream().noneMatch(k -> k.keyId().equals(key.keyId()))) {
                    matches.add(key);
                }
            }
        }
        if (matches.size() > 1) {
            throw new RepositoryException("key id prefix '" + keyIdOrPrefix + "' is ambiguous in " + dir);
        }
        return matches.stream().findFirst();
    }

    /** Reads a public key file (the JSON of a TUF key object). */
    public static TufKey readPublicKey(Path file) {
        try {
            JsonNode node = StrictJson.parse(Files.readAllBytes(file), "public key " + file);
            return TufKey.fromJson(node);
        } catch (IOException e) {
            throw new RepositoryException("cannot read public key " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new RepositoryException("not a TUF public key: " + file + ": " + e.getMessage(), e);
        }
    }

    /** The role names that have a directory in the ring. */
    public List<String> roles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(n -> ROLE_NAME.matcher(n).matches()).sorted().toList();
        } catch (IOException e) {
            throw new RepositoryException("cannot list key ring " + dir + ": " + e.getMessage(), e);
        }
    }

    private Path roleDir(String role) {
        return dir.resolve(role);
    }

    private static List<Path> files(Path roleDir, String suffix) {
        if (!Files.isDirectory(roleDir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(roleDir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new RepositoryException("cannot list " + roleDir + ": " + e.getMessage(), e);
        }
    }
}
