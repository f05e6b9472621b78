package io.patchbay.tuf.impl.crypto;

import java.util.HexFormat;

/** Lower-case hex, as TUF writes key ids, hashes and signatures. */
public final class Hex {

    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {
    }

    public static String encode(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    /** @throws IllegalArgumentException if not an even-length hex string */
    public static byte[] decode(String hex) {
        return FORMAT.parseHex(hex);
    }
}
