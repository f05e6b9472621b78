package io.patchbay.server.impl;

import io.patchbay.server.api.InitResult;
import io.patchbay.server.api.ServerSettings;
import io.patchbay.server.api.UpdateServer;
import io.patchbay.server.api.UpdateServerFactory;
import java.io.IOException;

/** Registered in META-INF/services: what {@link UpdateServer#builder} sets up and starts. */
public final class ServerFactory implements UpdateServerFactory {
    @Override
    public InitResult init(ServerSettings settings) throws IOException {
        return ServerRuntime.init(settings);
    }

    @Override
    public UpdateServer start(ServerSettings settings) throws IOException {
        return ServerRuntime.start(settings);
    }
}
