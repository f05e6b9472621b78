package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.BadHashException;
import io.patchbay.tuf.impl.crypto.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.OptionalLong;

/** Length and hash checks of downloaded bytes against what trusted metadata lists. */
public final class Hashes {

    private Hashes() {
    }

    /** JCA name for a TUF hash algorithm name, or null when unsupported. */
    static String jcaName(String tufName) {
        return switch (tufName) {
            case "sha224" -> "SHA-224";
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            case "sha512_224" -> "SHA-512/224";
            case "sha512_256" -> "SHA-512/256";
            default -> null;
        };
    }

    public static String hex(String tufName, byte[] data) {
        String jca = jcaName(tufName);
        if (jca == null) {
            throw new BadHashException("unsupported hash algorithm '" + tufName + "'");
        }
        try {
            return Hex.encode(MessageDigest.getInstance(jca).digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new BadHashException("hash algorithm '" + tufName + "' is not available in this JRE", e);
        }
    }

    /**
     * Every listed hash must match (an unsupported algorithm fails: one cannot skip a hash an attacker
     * might have chosen), and the length must equal the listed length when there is one.
     *
     * @param what names the file in the message, e.g. "snapshot.json v7"
     */
    public static void verify(byte[] data, OptionalLong length, Map<String, String> hashes, String what) {
        if (length.isPresent() && data.length != length.getAsLong()) {
            throw new BadHashException(what + ": length is " + data.length + " bytes, trusted metadata says "
                    + length.getAsLong());
        }
        for (Map.Entry<String, String> expected : hashes.entrySet()) {
            String actual = hex(expected.getKey(), data);
            if (!actual.equalsIgnoreCase(expected.getValue())) {
                throw new BadHashException(what + ": " + expected.getKey() + " is " + actual
                        + ", trusted metadata says " + expected.getValue());
            }
        }
    }
}
