package io.patchbay.server.impl.http;

/** Answers one route. Throws {@link HttpError} for refusals; storage exceptions are mapped by the router. */
@FunctionalInterface
public interface Endpoint {
    Reply handle(Exchange exchange) throws Exception;
}
