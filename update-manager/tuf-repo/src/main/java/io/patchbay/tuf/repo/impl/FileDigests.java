package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.repo.RepositoryException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Length and the sha256 + sha512 digests of a file or byte array, in one pass. */
public record FileDigests(long length, Map<String, String> hashes) {

    public static FileDigests of(Path file) {
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        long length = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
                sha512.update(buffer, 0, n);
                length += n;
            }
        } catch (IOException e) {
            throw new RepositoryException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new FileDigests(length, hashes(sha256, sha512));
    }

    public static FileDigests of(byte[] bytes) {
        MessageDigest sha256 = digest("SHA-256");
        MessageDigest sha512 = digest("SHA-512");
        sha256.update(bytes);
        sha512.update(bytes);
        return new FileDigests(bytes.length, hashes(sha256, sha512));
    }

    /** SHA-256 only: what snapshot and timestamp list for metadata files. */
    public static String sha256(byte[] bytes) {
        return Hex.encode(digest("SHA-256").digest(bytes));
    }

    private static Map<String, String> hashes(MessageDigest sha256, MessageDigest sha512) {
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("sha256", Hex.encode(sha256.digest()));
        hashes.put("sha512", Hex.encode(sha512.digest()));
        return hashes;
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is mandatory in every JRE", e);
        }
    }
}
