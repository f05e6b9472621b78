package io.patchbay.crypto.api.request;

import java.util.LinkedHashMap;
import java.util.Map;

/** The four headers a {@link RequestSigner} produces for one request; see {@link RequestFormat}. */
public record SignedHeaders(String clientId, String timestamp, String nonce, String signature) {

    /** Header name to value, in the order of {@link RequestFormat}. */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        map.put(RequestFormat.CLIENT_HEADER, clientId);
        map.put(RequestFormat.TIMESTAMP_HEADER, timestamp);
        map.put(RequestFormat.NONCE_HEADER, nonce);
        map.put(RequestFormat.SIGNATURE_HEADER, signature);
        return map;
    }
}
