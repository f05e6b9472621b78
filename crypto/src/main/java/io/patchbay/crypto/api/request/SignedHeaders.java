package io.patchbay.crypto.api.request;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The four headers a {@link RequestSigner} produces for one request; see {@link RequestFormat}.
 *
 * @param clientId  the Patchbay-Client value
 * @param timestamp the Patchbay-Timestamp value (epoch seconds, decimal)
 * @param nonce     the Patchbay-Nonce value (16 random bytes, base64url)
 * @param signature the Patchbay-Signature value (64 bytes, base64url)
 */
public record SignedHeaders(String clientId, String timestamp, String nonce, String signature) {

    /**
     * Header name to value, for adding to an HTTP request in one loop.
     *
     * @return a new, modifiable map in the order of {@link RequestFormat}
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(RequestFormat.CLIENT_HEADER, clientId);
        map.put(RequestFormat.TIMESTAMP_HEADER, timestamp);
        map.put(RequestFormat.NONCE_HEADER, nonce);
        map.put(RequestFormat.SIGNATURE_HEADER, signature);
        return map;
    }
}
