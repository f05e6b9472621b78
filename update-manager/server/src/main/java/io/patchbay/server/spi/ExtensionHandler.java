package io.patchbay.server.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers one route. Throw {@link ExtensionRefusal} to refuse with a status and reason; a {@link java.sql.SQLException}
 * becomes 503 (database unreachable) or 500; anything else is a 500 logged by the server.
 */
@ConsumerType
@FunctionalInterface
public interface ExtensionHandler {
    ExtensionReply handle(ExtensionRequest request) throws Exception;
}
