package io.patchbay.agent.impl.device;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
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

    /**
     * Opens a long-lived GET whose answer is read as it arrives (the push channel's event stream). No whole-request
     * timeout applies once the headers are in: the reader watches the stream's liveness itself.
     *
     * @throws IOException if the server was not reached (or this transport cannot stream)
     */
    default Stream stream(String target, Map<String, String> headers) throws IOException {
        throw new IOException("this transport cannot open a stream");
    }

    /** A streamed answer; closing it ends the exchange. */
    record Stream(int status, Map<String, List<String>> headers, InputStream body) implements Closeable {
        public Optional<String> header(String name) {
            return new Response(status, headers, new byte[0]).header(name);
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** A bounded answer. */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }
    }
}
