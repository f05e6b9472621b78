package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.ReportedBundle;
import io.patchbay.server.store.StoreLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks every input against {@link StoreLimits} before any SQL runs. Size is checked before shape, so an
 * oversized value is never parsed. Statements are always parameterised; the character rules here are a
 * second layer (and keep names printable in logs and views), not the defence against SQL injection.
 */
final class Inputs {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9_-]+");
    /** Strict JSON with a small nesting bound, so a hostile document cannot cost deep recursion. */
    static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(StoreLimits.MAX_FACTS_JSON_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Inputs() {
    }

    static String channel(String channel) throws InvalidInputException {
        return name("channel", channel, StoreLimits.MAX_CHANNEL_CHARS);
    }

    static String name(String field, String value, int maxChars) throws InvalidInputException {
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException(field, "is missing");
        }
        if (value.length() > maxChars) {
            throw new LimitExceededException(field, maxChars, value.length(), "characters");
        }
        if (!NAME.matcher(value).matches()) {
            throw new InvalidInputException(field, "may only contain letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    static byte[] publicKey(String field, byte[] key) throws InvalidInputException {
        if (key == null || key.length != StoreLimits.PUBLIC_KEY_BYTES) {
            throw new InvalidInputException(field, "must be a raw " + StoreLimits.PUBLIC_KEY_BYTES + "-byte public key");
        }
        return key.clone();
    }

    static String nonce(String nonce) throws InvalidInputException {
        if (nonce == null || nonce.length() < StoreLimits.MIN_NONCE_CHARS) {
            throw new InvalidInputException("nonce", "must be at least " + StoreLimits.MIN_NONCE_CHARS + " characters");
        }
        if (nonce.length() > StoreLimits.MAX_NONCE_CHARS) {
            throw new LimitExceededException("nonce", StoreLimits.MAX_NONCE_CHARS, nonce.length(), "characters");
        }
        if (!NONCE.matcher(nonce).matches()) {
            throw new InvalidInputException("nonce", "must be base64url");
        }
        return nonce;
    }

    static String token(String token) throws InvalidInputException {
        if (token == null || token.isEmpty()) {
            throw new InvalidInputException("token", "is missing");
        }
        if (token.length() > StoreLimits.MAX_TOKEN_CHARS) {
            throw new LimitExceededException("token", StoreLimits.MAX_TOKEN_CHARS, token.length(), "characters");
        }
        return token;
    }

    static String label(String label) throws InvalidInputException {
        if (label == null) {
            return "";
        }
        if (label.length() > StoreLimits.MAX_LABEL_CHARS) {
            throw new LimitExceededException("label", StoreLimits.MAX_LABEL_CHARS, label.length(), "characters");
        }
        if (label.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("label", "must not contain control characters");
        }
        return label;
    }

    /** Host facts: one JSON object within the byte and depth bounds; stored as sent. */
    static String factsJson(String facts) throws InvalidInputException {
        if (facts == null) {
            return "{}";
        }
        // A UTF-8 byte count is at most 3 per char: skip the encoding for values that are surely too big.
        if (facts.length() > StoreLimits.MAX_FACTS_JSON_BYTES) {
            throw new LimitExceededException("facts", StoreLimits.MAX_FACTS_JSON_BYTES, facts.length(), "bytes");
        }
        int bytes = facts.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > StoreLimits.MAX_FACTS_JSON_BYTES) {
            throw new LimitExceededException("facts", StoreLimits.MAX_FACTS_JSON_BYTES, bytes, "bytes");
        }
        JsonNode node;
        try {
            node = JSON.readTree(facts);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("facts", "is not valid JSON (or nests deeper than "
                    + StoreLimits.MAX_FACTS_JSON_DEPTH + ")");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException("facts", "must be a JSON object");
        }
        return facts;
    }

    static List<ReportedBundle> bundles(List<ReportedBundle> bundles) throws InvalidInputException {
        if (bundles == null) {
            throw new InvalidInputException("bundles", "is missing");
        }
        if (bundles.size() > StoreLimits.MAX_BUNDLES) {
            throw new LimitExceededException("bundles", StoreLimits.MAX_BUNDLES, bundles.size(), "entries");
        }
        for (ReportedBundle bundle : bundles) {
            if (bundle == null) {
                throw new InvalidInputException("bundles", "contains a null entry");
            }
            name("bundle symbolic name", bundle.symbolicName(), StoreLimits.MAX_BUNDLE_NAME_CHARS);
            name("bundle version", bundle.version(), StoreLimits.MAX_BUNDLE_VERSION_CHARS);
        }
        return bundles;
    }
}
