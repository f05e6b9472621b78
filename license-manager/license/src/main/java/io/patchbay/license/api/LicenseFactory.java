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
        /**
         * The implementation this jar ships, by name: a bundle that embeds this jar by package (bnd's
         * -conditionalpackage) gets its classes but not its META-INF/services, so that file is tried first and the
         * name second, through the same class loader.
         */
        private static final String SHIPPED = "io.patchbay.license.impl.LicenseFactoryImpl";

        static final LicenseFactory INSTANCE = load();

        private Holder() {
        }

        private static LicenseFactory load() {
            ClassLoader loader = LicenseFactory.class.getClassLoader();
            return ServiceLoader.load(LicenseFactory.class, loader).findFirst().orElseGet(() -> {
                try {
                    return (LicenseFactory) Class.forName(SHIPPED, true, loader).getDeclaredConstructor().newInstance();
                } catch (ReflectiveOperationException | LinkageError e) {
                    throw new IllegalStateException("no " + LicenseFactory.class.getName()
                            + " in META-INF/services and no " + SHIPPED + ": the Patchbay license jar is incomplete", e);
                }
            });
        }
    }
}
