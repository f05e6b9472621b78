package io.patchbay.tuf.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
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

    /** The root role's name: its {@code _type} and, with {@code .json}, its file name. */
    public static final String ROOT = "root";
    /** The timestamp role's name. */
    public static final String TIMESTAMP = "timestamp";
    /** The snapshot role's name. */
    public static final String SNAPSHOT = "snapshot";
    /** The top-level targets role's name (delegated targets roles have their own names, {@code _type} targets). */
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
     * and an ISO-8601 UTC {@code expires}. Duplicate JSON keys are refused. Nothing is verified: signatures,
     * type and versions are the caller's checks.
     *
     * @param bytes the file as downloaded or stored (UTF-8 JSON)
     * @return the parsed envelope
     * @throws MalformedMetadataException if any of that does not hold
     */
    public static Metadata parse(byte[] bytes) {
        return parseWithSignedBytes(bytes).metadata();
    }

    /**
     * Parses like {@link #parse} and returns, with the metadata, the canonical JSON of its "signed" part as
     * {@code bytes} hold it: what its signatures must cover. The fast reader writes those bytes in the same
     * pass as it reads (no second walk, no re-encoding); they equal {@link #signedCanonicalBytes()} of the
     * metadata as parsed, and describe it only until it is edited.
     *
     * @param bytes the file as downloaded or stored (UTF-8 JSON)
     * @return the parsed envelope with the canonical bytes of its "signed" part
     * @throws MalformedMetadataException like {@link #parse}
     */
    public static Parsed parseWithSignedBytes(byte[] bytes) {
        FastJsonReader.Result read = StrictJson.parseEnvelope(bytes, "metadata");
        JsonNode tree = read.tree();
        if (!tree.isObject()) {
            throw new MalformedMetadataException("metadata must be a JSON object");
        }
        Metadata metadata = new Metadata((ObjectNode) tree);
        metadata.validateShape();
        return new Parsed(metadata, read.signedCanonical());
    }

    /** Metadata just parsed, with the canonical bytes of its "signed" part as parsed (see {@link #parseWithSignedBytes}). */
    public static final class Parsed {
        private final Metadata metadata;
        private final byte[] signedBytes;
        private final MalformedMetadataException notCanonical;

        private Parsed(Metadata metadata, byte[] fromReader) {
            this.metadata = metadata;
            byte[] bytes = fromReader;
            MalformedMetadataException failure = null;
            if (bytes == null) {
                // The Jackson reader read it: encode the tree now, so that these bytes too are "as parsed".
                try {
                    bytes = metadata.signedCanonicalBytes();
                } catch (MalformedMetadataException e) {
                    failure = e; // e.g. a float: reported where the bytes are needed, as signedCanonicalBytes() does
                }
            }
            this.signedBytes = bytes;
            this.notCanonical = failure;
        }

        /**
         * The parsed envelope.
         *
         * @return the metadata (not a copy)
         */
        public Metadata metadata() {
            return metadata;
        }

        /**
         * The canonical JSON of "signed" as parsed (not a copy: do not modify it).
         *
         * @return the bytes the envelope's signatures must cover
         * @throws MalformedMetadataException if "signed" has no canonical form (a float, an unpaired surrogate)
         */
        public byte[] signedBytes() {
            if (notCanonical != null) {
                throw notCanonical;
            }
            return signedBytes;
        }
    }

    /**
     * A new, unsigned envelope, for repository tooling that writes metadata.
     *
     * @param signed the role's "signed" object, taken as-is, not copied
     * @return an envelope with no signatures
     * @throws MalformedMetadataException if {@code signed} lacks {@code _type}, {@code spec_version},
     *                                    {@code version} or {@code expires} in the spec's form
     */
    public static Metadata of(ObjectNode signed) {
        ObjectNode envelope = StrictJson.object();
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
        Set<String> keyIds = new HashSet<>();
        for (JsonNode signature : signatures) {
            if (!signature.isObject() || !textual(signature.get("keyid")) || !textual(signature.get("sig"))) {
                throw new MalformedMetadataException("each signature must be {\"keyid\": string, \"sig\": string}");
            }
            // The spec requires unique key ids here. Counting a repeated one once would hide a malformed
            // (or crafted) envelope that another client might count differently: refuse it outright.
            if (!keyIds.add(signature.get("keyid").textValue())) {
                throw new MalformedMetadataException("signatures list key id " + signature.get("keyid").textValue()
                        + " more than once; each keyid must be unique");
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
        specVersionMajor();
        version();
        expires();
    }

    private static boolean textual(JsonNode node) {
        return node != null && node.isTextual();
    }

    /**
     * The signed part, for role views and for repository tooling that edits it.
     *
     * @return the live "signed" object; edits change this metadata (and invalidate its signatures)
     */
    public ObjectNode signed() {
        return (ObjectNode) envelope.get("signed");
    }

    /**
     * The whole envelope.
     *
     * @return the live envelope tree; edits change this metadata
     */
    public ObjectNode envelope() {
        return envelope;
    }

    /**
     * An independent copy, to edit without touching this one.
     *
     * @return a deep copy
     */
    public Metadata copy() {
        return new Metadata(envelope.deepCopy());
    }

    /**
     * The role type this metadata claims; the caller checks it is the role it asked for.
     *
     * @return the {@code _type} value, e.g. {@link #ROOT}
     */
    public String type() {
        return signed().get("_type").textValue();
    }

    /**
     * The spec version the metadata was written for.
     *
     * @return the {@code spec_version} value as written
     */
    public String specVersion() {
        return signed().get("spec_version").textValue();
    }

    /**
     * The major of a spec_version that is a semantic version {@code MAJOR.MINOR.PATCH}: ASCII digits, no
     * leading zeros, nothing before or after (no "1", "1.a.0", "+1.0.0", "1..0", "1.0.0-rc1").
     *
     * @return the major version; the client accepts only 1
     * @throws MalformedMetadataException if spec_version is not of that form
     */
    public int specVersionMajor() {
        String spec = specVersion();
        if (!SpecFormats.isSemanticVersion(spec)) {
            throw new MalformedMetadataException(type() + " has a malformed spec_version '" + spec
                    + "' (expected MAJOR.MINOR.PATCH, e.g. " + SPEC_VERSION + ")");
        }
        return SpecFormats.major(spec);
    }

    /**
     * The metadata's version, compared against the trusted one to refuse rollbacks.
     *
     * @return the {@code version} value, at least 1
     * @throws MalformedMetadataException if it is not an integer of at least 1 (after an edit)
     */
    public long version() {
        JsonNode version = signed().get("version");
        if (version == null || !version.isIntegralNumber() || !version.canConvertToLong() || version.longValue() < 1) {
            throw new MalformedMetadataException(signed().path("_type").asText("metadata")
                    + " 'version' must be an integer >= 1, got " + version);
        }
        return version.longValue();
    }

    /**
     * When the metadata stops being trusted.
     *
     * @return the {@code expires} value
     * @throws MalformedMetadataException if it is missing or not in the spec's form (after an edit)
     */
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

    /**
     * Parses exactly {@code YYYY-MM-DDTHH:MM:SSZ} (the spec's format): four-digit year 0001-9999, a real
     * calendar date, hour 00-23, no fractional seconds, no offset other than "Z". Anything looser would
     * let two clients disagree on when the same signed metadata expires.
     *
     * @param text an {@code expires} value
     * @return the instant it names
     * @throws MalformedMetadataException if it is not exactly of that form
     */
    public static Instant parseExpiry(String text) {
        return SpecFormats.parseExpiry(text);
    }

    /**
     * The spec's form of an expiry, what {@link #parseExpiry} reads back.
     *
     * @param instant the expiry; fractions of a second are dropped
     * @return {@code YYYY-MM-DDTHH:MM:SSZ}
     * @throws IllegalArgumentException for an instant outside years 0001-9999 (it has no spec form)
     */
    public static String formatExpiry(Instant instant) {
        return SpecFormats.formatExpiry(instant);
    }

    /**
     * Expired means: expiry is at or before {@code now} (the spec's "expiration timestamp is less than or equal").
     *
     * @param now the time to check against; the updater passes the time its update started
     * @return whether the metadata has expired at {@code now}
     */
    public boolean isExpired(Instant now) {
        return !expires().isAfter(now);
    }

    /**
     * Sets the version, for repository tooling; invalidates the signatures.
     *
     * @param version the new version, at least 1 (not checked here: a lower one fails {@link #version()})
     */
    public void setVersion(long version) {
        signed().put("version", version);
    }

    /**
     * Sets the expiry, for repository tooling; invalidates the signatures.
     *
     * @param expires the new expiry, in years 0001-9999; fractions of a second are dropped
     * @throws IllegalArgumentException for an instant outside years 0001-9999
     */
    public void setExpires(Instant expires) {
        signed().put("expires", formatExpiry(expires));
    }

    /**
     * The signatures as listed, unverified.
     *
     * @return an unmodifiable snapshot, in envelope order
     */
    public List<Signature> signatures() {
        List<Signature> list = new ArrayList<>();
        for (JsonNode node : envelope.get("signatures")) {
            list.add(new Signature(node.get("keyid").textValue(), node.get("sig").textValue()));
        }
        return Collections.unmodifiableList(list);
    }

    /**
     * The canonical JSON of "signed": the exact bytes every signature covers.
     *
     * @return a new array
     * @throws MalformedMetadataException if "signed" has no canonical form (a float, an unpaired surrogate)
     */
    public byte[] signedCanonicalBytes() {
        return CanonicalJson.encode(signed());
    }

    /**
     * Adds a signature (repository tooling computes it over {@link #signedCanonicalBytes()}).
     *
     * @param signature the new signature; its key id must not be listed yet
     * @throws MalformedMetadataException if a signature by that key id is already present (they must be unique)
     */
    public void addSignature(Signature signature) {
        for (Signature present : signatures()) {
            if (present.keyId().equals(signature.keyId())) {
                throw new MalformedMetadataException("already signed by key id " + signature.keyId());
            }
        }
        ((ArrayNode) envelope.get("signatures")).add(signature.toJson());
    }

    /**
     * Removes the signature of one key, e.g. to re-sign with a rotated key. Removing an absent one does nothing.
     *
     * @param keyId the key id whose signature to remove
     */
    public void removeSignature(String keyId) {
        ArrayNode signatures = (ArrayNode) envelope.get("signatures");
        for (int i = signatures.size() - 1; i >= 0; i--) {
            if (keyId.equals(signatures.get(i).get("keyid").textValue())) {
                signatures.remove(i);
            }
        }
    }

    /** Removes every signature, before signing edited metadata anew. */
    public void clearSignatures() {
        ((ArrayNode) envelope.get("signatures")).removeAll();
    }

    /**
     * The file form, what a repository serves and the client stores. Signatures do not depend on it: they
     * cover the canonical form of "signed".
     *
     * @return pretty-printed UTF-8 JSON of the whole envelope
     */
    public byte[] toBytes() {
        return StrictJson.write(envelope);
    }

    @Override
    public String toString() {
        return signed().path("_type").asText("?") + " v" + signed().path("version").asText("?");
    }
}
