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

    TokenCodec tokens();

    /** Opens a client (see {@link LicenseClient}); hosts use {@link LicenseClient#builder()}. */
    LicenseClient open(ClientSettings settings) throws java.io.IOException;

    /** The running machine's facts, from local files only (nothing is fetched over the network). */
    FingerprintSource systemFingerprint();

    /** The implementation shipped with this api. */
    static LicenseFactory get() {
        return Holder.INSTANCE;
    }

    /** Lazily loaded once: the implementation never changes within a class loader. */
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
