package io.patchbay.server.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers one route. Throw {@link ExtensionRefusal} to refuse with a status and reason; a {@link java.sql.SQLException}
 * becomes 503 (database unreachable) or 500; anything else is a 500 logged by the server.
 */
@ConsumerType
@FunctionalInterface
public interface ExtensionHandler {
    /**
     * Answers the request; may run on many threads at once.
     *
     * @param request the request, its body already read within the route's limit
     * @return the reply
     * @throws Exception {@link ExtensionRefusal} to refuse; anything else becomes a 503 or 500 (see above)
     */
    ExtensionReply handle(ExtensionRequest request) throws Exception;
}
