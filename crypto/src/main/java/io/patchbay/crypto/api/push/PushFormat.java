package io.patchbay.crypto.api.push;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SealedBox;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The wire form of a push. Fixed binary layout, so that parsing is a handful of bounds checks:
 * <pre>
 * body   = "PBP1" | u8 action | u8 urgency | u64 counter | i64 issuedAt | i64 expiresAt | u8 n | audience (n ASCII)
 * signed = Ed25519(push key, "patchbay-push-v1\0" | body)
 * inner  = body | keyId (SHA-256 of the raw push public key, 32) | signature (64)
 * sealed = HPKE base mode to the client's X25519 key, info "patchbay push v1", empty aad: enc (32) | ciphertext
 * text   = unpadded base64url of sealed (the SSE data line)
 * </pre>
 * Times are epoch seconds. The signature's domain prefix keeps a push signature from meaning anything elsewhere.
 */
public final class PushFormat {

    /** The largest sealed push a client reads; a real one is under 240 bytes. */
    public static final int MAX_SEALED_BYTES = 512;
    /** The longest text form a client reads. */
    public static final int MAX_TEXT_CHARS = (MAX_SEALED_BYTES * 4 + 2) / 3;
    /** A push is a wake-up, not an order to keep: it never lives longer than this. */
    public static final Duration MAX_LIFETIME = Duration.ofHours(1);
    /** The longest audience (client id), in printable ASCII characters. */
    public static final int MAX_AUDIENCE = 64;

    static final byte[] MAGIC = {'P', 'B', 'P', '1'};
    static final byte[] SIGNATURE_DOMAIN = "patchbay-push-v1\0".getBytes(StandardCharsets.US_ASCII);
    static final byte[] HPKE_INFO = "patchbay push v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] AAD = new byte[0];
    static final int KEY_ID_BYTES = 32;
    static final int SIGNATURE_BYTES = 64;
    private static final int FIXED_BODY = MAGIC.length + 1 + 1 + 8 + 8 + 8 + 1;

    private PushFormat() {
    }

    /**
     * The text form (SSE data) of a sealed push.
     *
     * @param sealed what {@link PushSealer#seal} returned
     * @return unpadded base64url, a single line
     */
    public static String toText(byte[] sealed) {
        return Base64Url.encode(sealed);
    }

    /**
     * The sealed bytes of a text form, refusing oversize text before decoding it.
     *
     * @param text an SSE data line
     * @return the sealed bytes, not yet opened or checked
     * @throws PushRefusedException {@link PushRefusal#OVERSIZE} if null or longer than {@link #MAX_TEXT_CHARS},
     *         {@link PushRefusal#MALFORMED} if not canonical base64url
     */
    public static byte[] fromText(String text) throws PushRefusedException {
        if (text == null || text.length() > MAX_TEXT_CHARS) {
            throw new PushRefusedException(PushRefusal.OVERSIZE, "push text longer than " + MAX_TEXT_CHARS + " characters");
        }
        try {
            return Base64Url.decode(text);
        } catch (IllegalArgumentException e) {
            throw new PushRefusedException(PushRefusal.MALFORMED, e.getMessage());
        }
    }

    static boolean validAudience(String audience) {
        if (audience.isEmpty() || audience.length() > MAX_AUDIENCE) {
            return false;
        }
        for (int i = 0; i < audience.length(); i++) {
            char c = audience.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    static byte[] body(PushMessage message) {
        byte[] audience = message.audience().getBytes(StandardCharsets.US_ASCII);
        return ByteBuffer.allocate(FIXED_BODY + audience.length)
                .put(MAGIC)
                .put((byte) message.action().code())
                .put((byte) message.urgency().code())
                .putLong(message.counter())
                .putLong(message.issuedAt().getEpochSecond())
                .putLong(message.expiresAt().getEpochSecond())
                .put((byte) audience.length)
                .put(audience)
                .array();
    }

    static byte[] signedBytes(byte[] body) {
        return ByteBuffer.allocate(SIGNATURE_DOMAIN.length + body.length).put(SIGNATURE_DOMAIN).put(body).array();
    }

    /** The fields of an opened inner message, before any of them is trusted. */
    record Inner(byte[] body, int actionCode, int urgencyCode, long counter, long issuedAt, long expiresAt,
                 String audience, byte[] keyId, byte[] signature) {
    }

    static Inner parseInner(byte[] inner) throws PushRefusedException {
        int bodyLength = inner.length - KEY_ID_BYTES - SIGNATURE_BYTES;
        if (bodyLength < FIXED_BODY + 1) {
            throw malformed("too short (" + inner.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(inner);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw malformed("not a version 1 push");
        }
        int action = in.get() & 0xff;
        int urgency = in.get() & 0xff;
        long counter = in.getLong();
        long issuedAt = in.getLong();
        long expiresAt = in.getLong();
        int audienceLength = in.get() & 0xff;
        if (audienceLength != bodyLength - FIXED_BODY) {
            throw malformed("audience length " + audienceLength + " does not match the message length");
        }
        byte[] audienceBytes = new byte[audienceLength];
        in.get(audienceBytes);
        String audience = new String(audienceBytes, StandardCharsets.US_ASCII);
        if (!validAudience(audience)) {
            throw malformed("audience is not 1.." + MAX_AUDIENCE + " printable ASCII characters");
        }
        byte[] keyId = new byte[KEY_ID_BYTES];
        in.get(keyId);
        byte[] signature = new byte[SIGNATURE_BYTES];
        in.get(signature);
        return new Inner(java.util.Arrays.copyOf(inner, bodyLength), action, urgency, counter, issuedAt, expiresAt,
                audience, keyId, signature);
    }

    /** The largest inner message: what a sealed push may hold. */
    static int maxInner() {
        return FIXED_BODY + MAX_AUDIENCE + KEY_ID_BYTES + SIGNATURE_BYTES;
    }

    static int maxSealed() {
        return maxInner() + SealedBox.OVERHEAD;
    }

    static Instant instant(long epochSecond) throws PushRefusedException {
        try {
            return Instant.ofEpochSecond(epochSecond);
        } catch (java.time.DateTimeException e) {
            throw malformed("time out of range");
        }
    }

    private static PushRefusedException malformed(String why) {
        return new PushRefusedException(PushRefusal.MALFORMED, why);
    }
}
