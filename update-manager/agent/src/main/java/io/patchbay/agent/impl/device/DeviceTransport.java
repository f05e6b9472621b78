package io.patchbay.agent.impl.device;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange with the device API. The seam between the protocol ({@link DeviceClient}: signing, JSON,
 * status codes) and the wire ({@link HttpsDeviceTransport}), so the poll loop can also be driven by a scripted
 * transport (e.g. a 503 with Retry-After at will).
 */
public interface DeviceTransport {

    /**
     * @param target  the request target exactly as signed (path, from the endpoint's base)
     * @param headers extra headers (signature headers)
     * @throws IOException if the server was not reached or the answer was cut off or too large
     */
    Response post(String target, byte[] body, Map<String, String> headers) throws IOException;

    /** A bounded answer. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }
}
