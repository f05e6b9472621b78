package io.patchbay.sample.host.impl.http;

import org.eclipse.jetty.server.Request;

/** Answers one resource. Throws {@link HttpError} for a request it refuses. */
interface Endpoint {
    Reply handle(Request request) throws Exception;
}
