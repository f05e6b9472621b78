package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.impl.json.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A signed TUF metadata envelope {@code {"signatures":[{"keyid","sig"}], "signed":{...}}}.
 *
 * <p>The envelope is kept as a Jackson tree, so fields this library does not know are preserved when the
 * metadata is written back and stay covered by the signatures (they are part of the canonical bytes).
 * Role-specific views live in {@code io.patchbay.tuf.api.model} ({@code Root.of(metadata)} ...).
 *
 * <p>Not thread-safe while being edited; the updater only hands out copies of verified metadata.
 */
public final class Metadata {

    public static final String ROOT = "root";
    public static final String TIMESTAMP = "timestamp";
    public static final String SNAPSHOT = "snapshot";
    public static final String TARGETS = "targets";

    /** The spec version this library writes; it reads any 1.x. */
    public static final String SPEC_VERSION = "1.0.31";

    private final ObjectNode envelope;
    /** The last parsed "expires", keyed by the very String it came from (edits replace that String). */
    private ParsedExpiry parsedExpiry;

    private record ParsedExpiry(String text, Instant instant) {
    }

    private Metadata(ObjectNode envelope) {
        this.envelope = envelope;
    }

    /**
     * Parses an envelope and checks its generic shape: a "signatures" array of {keyid, sig} strings and a
     * "signed" object with string {@code _type}, string {@code spec_version}, integer {@code version} >= 1
     * and an ISO-8601 UTC {@code expires}. Duplicate JSON keys are refused.
     *
     * @throws MalformedMetadataException if any of that does not hold
     */
    public static Metadata parse(byte[] bytes) {
        JsonNode tree = Json.parse(bytes, "metadata");
        if (!tree.isObject()) {
            throw new MalformedMetadataException("metadata must be a JSON object");
        }
        Metadata metadata = new Metadata((ObjectNode) tree);
        metadata.validateShape();
        return metadata;
    }

    /** A new, unsigned envelope around {@code signed} (which is taken as-is, not copied). */
    public static Metadata of(ObjectNode signed) {
        ObjectNode envelope = Json.MAPPER.createObjectNode();
        envelope.putArray("signatures");
        envelope.set("signed", Objects.requireNonNull(signed, "signed"));
        Metadata metadata = new Metadata(envelope);
        metadata.validateShape();
        return metadata;
    }

    private void validateShape() {
        JsonNode signatures = envelope.get("signatures");
        if (signatures == null || !signatures.isArray()) {
            throw new MalformedMetadataException("metadata has no 'signatures' array");
        }
        for (JsonNode signature : signatures) {
            if (!signature.isObject() || !textual(signature.get("keyid")) || !textual(signature.get("sig"))) {
                throw new MalformedMetadataException("each signature must be {\"keyid\": string, \"sig\": string}");
            }
        }
        JsonNode signed = envelope.get("signed");
        if (signed == null || !signed.isObject()) {
            throw new MalformedMetadataException("metadata has no 'signed' object");
        }
        if (!textual(signed.get("_type"))) {
            throw new MalformedMetadataException("metadata has no string '_type'");
        }
        if (!textual(signed.get("spec_version"))) {
            throw new MalformedMetadataException(type() + " metadata has no string 'spec_version'");
        }
        version();
        expires();
    }

    private static boolean textual(JsonNode node) {
        return node != null && node.isTextual();
    }

    /** The live "signed" object; edits change this metadata (and invalidate its signatures). */
    public ObjectNode signed() {
        return (ObjectNode) envelope.get("signed");
    }

    /** The live envelope tree. */
    public ObjectNode envelope() {
        return envelope;
    }

    public Metadata copy() {
        return new Metadata(envelope.deepCopy());
    }

    public String type() {
        return signed().get("_type").textValue();
    }

    public String specVersion() {
        return signed().get("spec_version").textValue();
    }

    /** @throws MalformedMetadataException if spec_version does not start with a numeric major */
    public int specVersionMajor() {
        String spec = specVersion();
        int dot = spec.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? spec : spec.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new MalformedMetadataException(type() + " has a malformed spec_version '" + spec + "'");
        }
    }

    public long version() {
        JsonNode version = signed().get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.longValue() < 1) {
            throw new MalformedMetadataException(signed().path("_type").asText("metadata")
                    + " 'version' must be an integer >= 1, got " + version);
        }
        return version.longValue();
    }

    public Instant expires() {
        JsonNode expires = signed().get("expires");
        if (!textual(expires)) {
            throw new MalformedMetadataException(signed().path("_type").asText("metadata") + " has no string 'expires'");
        }
        // Checked several times per refresh (shape, expiry, messages); parse each value only once.
        String text = expires.textValue();
        ParsedExpiry cached = parsedExpiry;
        if (cached != null && cached.text() == text) {
            return cached.instant();
        }
        Instant instant = parseExpiry(text);
        parsedExpiry = new ParsedExpiry(text, instant);
        return instant;
    }

    /** Parses "2030-01-01T00:00:00Z" (UTC, second precision, as the spec writes it). */
    public static Instant parseExpiry(String text) {
        try {
            if (!text.endsWith("Z")) {
                throw new DateTimeParseException("not UTC ('Z')", text, text.length());
            }
            return DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            throw new MalformedMetadataException("'expires' is not an ISO-8601 UTC time like 2030-01-01T00:00:00Z: " + text);
        }
    }

    public static String formatExpiry(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Expired means: expiry is at or before {@code now} (the spec's "expiration timestamp is less than or equal"). */
    public boolean isExpired(Instant now) {
        return !expires().isAfter(now);
    }

    public void setVersion(long version) {
        signed().put("version", version);
    }

    public void setExpires(Instant expires) {
        signed().put("expires", formatExpiry(expires));
    }

    public List<Signature> signatures() {
        List<Signature> list = new ArrayList<>();
        for (JsonNode node : envelope.get("signatures")) {
            list.add(new Signature(node.get("keyid").textValue(), node.get("sig").textValue()));
        }
        return Collections.unmodifiableList(list);
    }

    /** The canonical JSON of "signed": the exact bytes every signature covers. */
    public byte[] signedCanonicalBytes() {
        return CanonicalJson.encode(signed());
    }

    /** Signs (or re-signs) with {@code signer}, replacing an earlier signature by the same key id. */
    public Signature sign(TufSigner signer) {
        Signature signature = new Signature(signer.keyId(), Hex.encode(signer.sign(signedCanonicalBytes())));
        removeSignature(signer.keyId());
        ((ArrayNode) envelope.get("signatures")).add(signature.toJson());
        return signature;
    }

    public void addSignature(Signature signature) {
        ((ArrayNode) envelope.get("signatures")).add(signature.toJson());
    }

    public void removeSignature(String keyId) {
        ArrayNode signatures = (ArrayNode) envelope.get("signatures");
        for (int i = signatures.size() - 1; i >= 0; i--) {
            if (keyId.equals(signatures.get(i).get("keyid").textValue())) {
                signatures.remove(i);
            }
        }
    }

    public void clearSignatures() {
        ((ArrayNode) envelope.get("signatures")).removeAll();
    }

    /**
     * The key ids among {@code role.keyIds()} with a valid signature over this metadata. A key id counts
     * once however often it signs, and two key ids naming the same public key count once as well (so a
     * threshold cannot be met by listing one key under several ids).
     */
    public Set<String> validSignerKeyIds(Map<String, TufKey> keys, RoleKeys role) {
        byte[] message = signedCanonicalBytes();
        Set<String> validKeyIds = new HashSet<>();
        Set<String> seenKeyMaterial = new HashSet<>();
        for (Signature signature : signatures()) {
            String keyId = signature.keyId();
            TufKey key = keys.get(keyId);
            if (key == null || !role.keyIds().contains(keyId) || validKeyIds.contains(keyId)) {
                continue;
            }
            byte[] sig;
            try {
                sig = Hex.decode(signature.sig());
            } catch (IllegalArgumentException e) {
                continue;
            }
            String material = key.keyType() + '\n' + key.publicValue().strip();
            if (!seenKeyMaterial.contains(material) && key.verify(message, sig)) {
                validKeyIds.add(keyId);
                seenKeyMaterial.add(material);
            }
        }
        return validKeyIds;
    }

    /**
     * @param roleName used in the message only
     * @throws SignatureThresholdException if fewer than {@code role.threshold()} authorized keys signed
     */
    public void verifyThreshold(String roleName, Map<String, TufKey> keys, RoleKeys role) {
        Set<String> valid = validSignerKeyIds(keys, role);
        if (valid.size() < role.threshold()) {
            throw new SignatureThresholdException(roleName + " version " + version() + ": " + valid.size()
                    + " valid signature(s) from authorized keys, threshold is " + role.threshold()
                    + " (" + signatures().size() + " signature(s) present, " + role.keyIds().size() + " key(s) authorized)");
        }
    }

    /** Pretty-printed JSON of the whole envelope (what a repository serves and the client stores). */
    public byte[] toBytes() {
        return Json.write(envelope);
    }

    @Override
    public String toString() {
        return signed().path("_type").asText("?") + " v" + signed().path("version").asText("?");
    }
}
