package io.patchbay.framework.impl.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The line framing of the append-only logs: {@code <crc32 as 8 lower-case hex> <payload>\n}. The checksum covers
 * the payload's UTF-8 bytes, so a line torn by a crash mid-write is recognised. It detects accidents, not forgery:
 * anyone who can write the file can compute a CRC.
 */
public final class CrcLines {
    private static final int CRC_CHARS = 8;

    private CrcLines() {
    }

    /** The framed line, newline included. */
    public static String frame(String payload) {
        if (payload.indexOf('\n') >= 0 || payload.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a log payload cannot contain a line break");
        }
        return crc(payload) + " " + payload + "\n";
    }

    /**
     * The payload of {@code line} (without its newline).
     *
     * @throws IllegalArgumentException when the line has no checksum or the checksum does not match
     */
    public static String payload(String line) {
        if (line.length() <= CRC_CHARS || line.charAt(CRC_CHARS) != ' ') {
            throw new IllegalArgumentException("no checksum");
        }
        String payload = line.substring(CRC_CHARS + 1);
        if (!crc(payload).equals(line.substring(0, CRC_CHARS))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        return payload;
    }

    private static String crc(String payload) {
        CRC32 crc = new CRC32();
        crc.update(payload.getBytes(StandardCharsets.UTF_8));
        String hex = Long.toHexString(crc.getValue());
        return "0".repeat(CRC_CHARS - hex.length()) + hex;
    }
}
