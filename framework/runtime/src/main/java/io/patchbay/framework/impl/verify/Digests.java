package io.patchbay.framework.impl.verify;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;

/**
 * The digest headers of manifests and .SF files ({@code SHA-256-Digest}, {@code SHA-256-Digest-Manifest}, ...),
 * restricted to SHA-2 and SHA-3: a header with a weaker algorithm (SHA-1, MD5, the JDK disables both for jars)
 * or an unknown one counts as absent. One instance per verification caches its {@link MessageDigest}s; every use
 * of one ends with {@code digest()}, which resets it for the next (a verification that fails midway is dropped with
 * its instance).
 */
final class Digests {
    private static final Set<String> STRONG = Set.of("SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384", "SHA3-512");

    /** One digest header: the algorithm's digest object and the value the header expects. */
    record Expected(MessageDigest digest, byte[] value) {
        String algorithm() {
            return digest.getAlgorithm();
        }
    }

    private final Map<String, MessageDigest> digests = new HashMap<>();

    /** The strong digests of {@code attributes} whose names end with {@code suffix} (e.g. "-Digest"), ignoring case. */
    List<Expected> expected(Attributes attributes, String suffix) {
        List<Expected> expected = new ArrayList<>(1);
        if (attributes == null) {
            return expected;
        }
        String upperSuffix = suffix.toUpperCase(Locale.ROOT);
        for (Map.Entry<Object, Object> header : attributes.entrySet()) {
            String key = header.getKey().toString().toUpperCase(Locale.ROOT);
            if (key.endsWith(upperSuffix)) {
                MessageDigest digest = digest(key.substring(0, key.length() - suffix.length()));
                if (digest != null) {
                    expected.add(new Expected(digest, decode(header.getValue().toString())));
                }
            }
        }
        return expected;
    }

    private MessageDigest digest(String algorithm) {
        if (!STRONG.contains(algorithm)) {
            return null;
        }
        return digests.computeIfAbsent(algorithm, a -> {
            try {
                return MessageDigest.getInstance(a);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has " + a, e);
            }
        });
    }

    /** The JDK decodes these values leniently (MIME), so a signed value decodes the same way here. */
    private static byte[] decode(String value) {
        try {
            return Base64.getMimeDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }
}
