package io.patchbay.license.api;

import java.time.Duration;
import java.time.Instant;
import io.patchbay.crypto.api.KeyEncodingException;
import io.patchbay.crypto.api.SigningPublicKey;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The bounds every license value keeps, checked when a record is built, so a parsed token can never carry more
 * than these (an oversize or odd value is refused, not truncated).
 */
public final class Limits {

    /** Longest compact JWS accepted (characters); anything longer is refused before it is parsed. */
    public static final int MAX_TOKEN_CHARS = 16 * 1024;
    /** Most features one license may name. */
    public static final int MAX_FEATURES = 128;
    /** Most named limits one feature may carry. */
    public static final int MAX_LIMITS_PER_FEATURE = 16;
    /** Most fingerprint components one request or license may carry. */
    public static final int MAX_FINGERPRINT_COMPONENTS = 16;
    /** Longest free text (customer name). */
    public static final int MAX_TEXT_CHARS = 256;
    /** The earliest instant accepted: instants are carried as whole epoch seconds within years 2000..9999. */
    public static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    /** The latest instant accepted. */
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The longest duration accepted (about ten years), for lease intervals, graces and client settings. */
    public static final Duration MAX_DURATION = Duration.ofDays(3660);

    /** Feature names, limit names and fingerprint component names: what a manifest header can carry. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** License ids, nonces, freshness values (base64url), license keys, key ids: opaque printable tokens. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._:~-]{0,127}");
    /** Fingerprint values: base64url of an HMAC (or another digest), never a raw machine id. */
    private static final Pattern DIGEST = Pattern.compile("[A-Za-z0-9_-]{16,128}");

    private Limits() {
    }

    static String name(String value, String what) {
        return matching(NAME, value, what);
    }

    static String id(String value, String what) {
        return matching(ID, value, what);
    }

    static String digest(String value, String what) {
        return matching(DIGEST, value, what);
    }

    /** An instance key: canonical base64url of a valid Ed25519 public key (checked in full by the crypto module). */
    static String instanceKey(String value) {
        try {
            SigningPublicKey.fromBase64Url(Objects.requireNonNull(value, "instance key is missing"));
        } catch (KeyEncodingException e) {
            throw new IllegalArgumentException("instance key is not an Ed25519 public key: " + e.getMessage(), e);
        } catch (NullPointerException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return value;
    }

    /** Fingerprint components: bounded, names as feature names, values digests; an immutable sorted copy. */
    static Map<String, String> fingerprint(Map<String, String> fingerprint) {
        size(fingerprint, MAX_FINGERPRINT_COMPONENTS, "fingerprint");
        TreeMap<String, String> fp = new TreeMap<>();
        fingerprint.forEach((k, v) -> fp.put(name(k, "fingerprint component"), digest(v, "fingerprint value of " + k)));
        return Collections.unmodifiableMap(fp);
    }

    static String text(String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.isEmpty() || value.length() > MAX_TEXT_CHARS) {
            throw new IllegalArgumentException(what + " must be 1.." + MAX_TEXT_CHARS + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i)) || Character.isSurrogate(value.charAt(i))) {
                throw new IllegalArgumentException(what + " holds a control or surrogate character at " + i);
            }
        }
        return value;
    }

    /** Whole seconds in range; a finer instant is refused so a record round-trips through a token unchanged. */
    static Instant instant(Instant value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.getNano() != 0 || value.isBefore(EARLIEST) || value.isAfter(LATEST)) {
            throw new IllegalArgumentException(what + " must be whole seconds between " + EARLIEST + " and " + LATEST
                    + ": " + value);
        }
        return value;
    }

    static Duration duration(Duration value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (value.getNano() != 0 || value.isNegative() || value.isZero() || value.compareTo(MAX_DURATION) > 0) {
            throw new IllegalArgumentException(what + " must be whole seconds, positive, at most " + MAX_DURATION);
        }
        return value;
    }

    static <V> Map<String, V> size(Map<String, V> map, int max, String what) {
        if (map == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (map.size() > max) {
            throw new IllegalArgumentException(what + " has " + map.size() + " entries, at most " + max);
        }
        return map;
    }

    private static String matching(Pattern pattern, String value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " is not of the form " + pattern.pattern() + ": "
                    + (value.length() > 40 ? value.substring(0, 40) + "..." : value));
        }
        return value;
    }
}
