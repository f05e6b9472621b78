package io.patchbay.server.api;

import java.io.IOException;
import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What {@link UpdateServer.Builder} calls, found with {@link ServiceLoader} in the server jar (the pattern of OSGi's
 * {@code FrameworkFactory}), so this API names no implementation class. Use {@link UpdateServer#builder}.
 */
@ProviderType
public interface UpdateServerFactory {

    /**
     * See {@link UpdateServer.Builder#init()}.
     *
     * @param settings the server's settings
     * @return what init produced
     * @throws IOException when init fails
     */
    InitResult init(ServerSettings settings) throws IOException;

    /**
     * See {@link UpdateServer.Builder#start()}.
     *
     * @param settings the server's settings
     * @return the running server
     * @throws IOException when the server cannot start
     */
    UpdateServer start(ServerSettings settings) throws IOException;

    /**
     * The implementation shipped with this API.
     *
     * @return the factory
     * @throws IllegalStateException when the server jar is incomplete and no implementation can be found
     */
    static UpdateServerFactory get() {
        return ServiceLoader.load(UpdateServerFactory.class, UpdateServerFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + UpdateServerFactory.class.getName()
                        + " in META-INF/services: the Patchbay server jar is incomplete"));
    }
}
