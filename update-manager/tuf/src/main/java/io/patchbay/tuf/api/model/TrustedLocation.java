package io.patchbay.tuf.api.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.StrictJson;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Where the repository lives and which TLS server keys to accept, read from root's signed body:
 * <pre>
 * "x-patchbay-location": {"metadata_url": "https://repo.example/metadata/", "targets_url": "https://repo.example/targets/"},
 * "x-patchbay-tls-pins": ["sha256/&lt;base64 of SHA-256 over the server certificate's SubjectPublicKeyInfo&gt;", ...]
 * </pre>
 * Both are extension fields, so they are covered by root's signatures and change only by root rotation.
 *
 * @param metadataUrl base URL of metadata files (with trailing '/')
 * @param targetsUrl  base URL of target files (with trailing '/')
 * @param tlsPins     "sha256/..." pins; may be empty (then https fetches fail closed)
 */
public record TrustedLocation(URI metadataUrl, URI targetsUrl, List<String> tlsPins) {

    /** The name of the location extension field in root's signed body. */
    public static final String LOCATION_FIELD = "x-patchbay-location";
    /** The name of the TLS pins extension field in root's signed body. */
    public static final String TLS_PINS_FIELD = "x-patchbay-tls-pins";
    /** The prefix every pin carries. */
    public static final String PIN_PREFIX = "sha256/";

    /**
     * Checks the location and normalises both URLs to end in '/'.
     *
     * @param metadataUrl absolute http(s) URL without user info, query or fragment; not null
     * @param targetsUrl  absolute http(s) URL without user info, query or fragment; not null
     * @param tlsPins     well-formed pins; not null, copied
     * @throws io.patchbay.tuf.api.MalformedMetadataException if a URL or pin is malformed, or pins are given
     *         with an http (not https) URL
     */
    public TrustedLocation {
        metadataUrl = directory(Objects.requireNonNull(metadataUrl, "metadataUrl"));
        targetsUrl = directory(Objects.requireNonNull(targetsUrl, "targetsUrl"));
        tlsPins = List.copyOf(tlsPins);
        tlsPins.forEach(TrustedLocation::checkPin);
        // Pins protect nothing over plain http: a root that pins must name https locations only, or a
        // client following it would talk to whoever answers on the network path.
        if (!tlsPins.isEmpty() && !("https".equals(metadataUrl.getScheme()) && "https".equals(targetsUrl.getScheme()))) {
            throw new MalformedMetadataException("root carries TLS pins, so its location must be https; got "
                    + metadataUrl + " and " + targetsUrl);
        }
    }

    /**
     * A pin is {@code sha256/} and the standard base64 (padded) of a 32-byte SHA-256 digest.
     *
     * @param pin a pin as root lists it
     * @return {@code pin}, unchanged
     * @throws MalformedMetadataException otherwise, e.g. for the placeholder text of the docs
     */
    public static String checkPin(String pin) {
        byte[] digest = null;
        if (pin.startsWith(PIN_PREFIX)) {
            try {
                digest = Base64.getDecoder().decode(pin.substring(PIN_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                digest = null;
            }
        }
        if (digest == null || digest.length != 32
                || !Base64.getEncoder().encodeToString(digest).equals(pin.substring(PIN_PREFIX.length()))) {
            throw new MalformedMetadataException("TLS pin must be 'sha256/' + base64 of the 32-byte SHA-256 of the "
                    + "server key's SubjectPublicKeyInfo (44 characters), got '" + pin + "'");
        }
        return pin;
    }

    private static URI directory(URI uri) {
        String scheme = uri.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || uri.getHost() == null) {
            throw new MalformedMetadataException("trusted location must be an absolute http(s) URL, got " + uri);
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new MalformedMetadataException("trusted location must not carry user info, query or fragment: " + uri);
        }
        return uri.getRawPath().endsWith("/") ? uri : URI.create(uri + "/");
    }

    /** Reads the two fields from root's signed object; null when root has no location. */
    static TrustedLocation fromRootSigned(JsonNode signed) {
        JsonNode location = signed.get(LOCATION_FIELD);
        if (location == null) {
            return null;
        }
        String where = "root " + LOCATION_FIELD;
        if (!location.isObject()) {
            throw new MalformedMetadataException(where + " must be an object");
        }
        List<String> pins = Fields.textListOrNull(signed, TLS_PINS_FIELD, "root");
        try {
            return new TrustedLocation(new URI(Fields.text(location, "metadata_url", where)),
                    new URI(Fields.text(location, "targets_url", where)), pins == null ? List.of() : pins);
        } catch (URISyntaxException e) {
            throw new MalformedMetadataException(where + ": bad URL: " + e.getMessage());
        }
    }

    /**
     * Writes both extension fields into root's signed object (for repository tooling).
     *
     * @param rootSigned root's signed object; existing fields of those names are replaced
     */
    public void writeTo(ObjectNode rootSigned) {
        ObjectNode location = rootSigned.putObject(LOCATION_FIELD);
        location.put("metadata_url", metadataUrl.toString());
        location.put("targets_url", targetsUrl.toString());
        var pins = rootSigned.putArray(TLS_PINS_FIELD);
        tlsPins.forEach(pins::add);
    }

    /**
     * Both extension fields alone, e.g. to show an operator what a root would carry.
     *
     * @return a new object holding the two fields
     */
    public ObjectNode toJson() {
        ObjectNode node = StrictJson.object();
        writeTo(node);
        return node;
    }
}
