package io.patchbay.sample.host.impl.http;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.sample.feature.api.Greeter;
import org.eclipse.jetty.server.Request;

/**
 * {@code GET /greet?name=X}: asks the greeter through Patchbay's service access point, which waits for
 * the replacement while the greeter bundle is being swapped, so calls during a patch do not fail.
 */
final class GreetEndpoint implements Endpoint {

    static final int MAX_NAME_LENGTH = 100;

    private final ServiceAccess<Greeter> greeter;

    GreetEndpoint(Patchbay patchbay) {
        this.greeter = patchbay.service(Greeter.class);
    }

    @Override
    public Reply handle(Request request) {
        String name = Request.extractQueryParameters(request).getValue("name");
        if (name == null || name.isBlank()) {
            throw new HttpError(400, "the query parameter 'name' is required, e.g. /greet?name=Ada");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new HttpError(400, "name is " + name.length() + " characters long; at most "
                    + MAX_NAME_LENGTH + " are accepted");
        }
        return Reply.text(200, greeter.call(g -> g.greet(name)));
    }
}
