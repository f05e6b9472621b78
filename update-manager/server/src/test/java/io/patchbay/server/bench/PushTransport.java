package io.patchbay.server.bench;

import java.net.URI;

/** Opens the push streams of {@link LightPushClients}: one signed {@code GET /device/v1/push} each, over TLS. */
interface PushTransport extends AutoCloseable {

    /** Opens client {@code index}'s stream to {@code node} with the request {@code headers} signed for it. */
    void open(URI node, int index, java.util.Map<String, String> headers);

    @Override
    void close();
}
