package io.patchbay.license.server.impl.service;

import io.patchbay.crypto.api.Base64Url;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and secrets: ids are 96-bit hex with a kind prefix; secrets 192-bit base64url. */
public final class Ids {
    private Ids() {
    }

    public static String id(SecureRandom random, String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }

    /** A value the client must not guess: a license key or a freshness value; starts with a letter (license Limits). */
    public static String secret(SecureRandom random, String prefix) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return prefix + Base64Url.encode(bytes);
    }
}
