package io.patchbay.license.api;

import java.util.ServiceLoader;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What the api's entry points ({@link LicenseTokens}, and the client builder) call to reach the implementation,
 * found with {@link ServiceLoader} through this api's own class loader, so it works on a plain class path and
 * inside a bundle that embeds this jar. Implemented in this jar only.
 */
@ProviderType
public interface LicenseFactory {

    /**
     * The JWS codec that {@link LicenseTokens} delegates to.
     *
     * @return the codec (stateless, thread-safe)
     */
    TokenCodec tokens();

    /**
     * Opens a client (see {@link LicenseClient}); hosts use {@link LicenseClient#builder()}.
     *
     * @param settings what the client is built from
     * @return the client, with the stored license already evaluated
     * @throws java.io.IOException when the data directory or the instance key cannot be read or created
     */
    LicenseClient open(ClientSettings settings) throws java.io.IOException;

    /**
     * The running machine's facts, from local files only (nothing is fetched over the network).
     *
     * @return the system source
     */
    FingerprintSource systemFingerprint();

    /**
     * The implementation shipped with this api.
     *
     * @return the factory, loaded once per class loader
     * @throws IllegalStateException when the jar is incomplete and no implementation can be found
     */
    static LicenseFactory get() {
        return Holder.INSTANCE;
    }

    /**
     * Lazily loaded once: the implementation never changes within a class loader. Public only because interface
     * members are; not for use outside this api.
     */
    final class Holder {
        static final LicenseFactory INSTANCE = load();

        private Holder() {
        }

        /**
         * Through this api's own class loader, so it works on a plain class path and inside a bundle that carries
         * this jar whole; a bundle that copies only its packages must copy its META-INF/services file too.
         */
        private static LicenseFactory load() {
            return ServiceLoader.load(LicenseFactory.class, LicenseFactory.class.getClassLoader()).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + LicenseFactory.class.getName()
                            + " in META-INF/services: the Patchbay license jar is incomplete"));
        }
    }
}
