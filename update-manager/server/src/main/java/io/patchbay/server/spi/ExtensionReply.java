package io.patchbay.server.spi;

import java.util.Objects;

/**
 * A JSON reply: {@code body} (records, maps, lists or Jackson trees) is written with the server's mapper, with
 * {@code Cache-Control: no-store}.
 *
 * @param status the HTTP status, 2xx (refusals are {@link ExtensionRefusal}s)
 * @param body   the JSON body, not null
 */
public record ExtensionReply(int status, Object body) {
    /**
     * Checks the reply.
     *
     * @param status the HTTP status
     * @param body   the JSON body
     * @throws IllegalArgumentException when {@code status} is not 2xx
     * @throws NullPointerException     when {@code body} is null
     */
    public ExtensionReply {
        if (status < 200 || status > 299) {
            throw new IllegalArgumentException("a reply is 2xx; refuse with ExtensionRefusal");
        }
        Objects.requireNonNull(body, "body");
    }

    /**
     * A 200 reply.
     *
     * @param body the JSON body
     * @return the reply
     */
    public static ExtensionReply ok(Object body) {
        return new ExtensionReply(200, body);
    }

    /**
     * A 201 reply, for a route that created something.
     *
     * @param body the JSON body
     * @return the reply
     */
    public static ExtensionReply created(Object body) {
        return new ExtensionReply(201, body);
    }
}
