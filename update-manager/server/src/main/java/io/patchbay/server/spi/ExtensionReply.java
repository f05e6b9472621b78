package io.patchbay.server.spi;

import java.util.Objects;

/**
 * A JSON reply: {@code body} (records, maps, lists or Jackson trees) is written with the server's mapper, with
 * {@code Cache-Control: no-store}.
 */
public record ExtensionReply(int status, Object body) {
    public ExtensionReply {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a reply is 2xx; refuse with ExtensionRefusal");
        }
        Objects.requireNonNull(body, "body");
    }

    public static ExtensionReply ok(Object body) {
        return new ExtensionReply(200, body);
    }

    public static ExtensionReply created(Object body) {
        return new ExtensionReply(201, body);
    }
}
