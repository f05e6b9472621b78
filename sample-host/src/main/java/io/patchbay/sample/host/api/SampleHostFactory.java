package io.patchbay.sample.host.api;

import java.util.ServiceLoader;

/**
 * What {@link SampleHost#start} calls, found with {@link ServiceLoader} in the sample host's jar, so this API names no
 * implementation class (the framework's {@code PatchbayFactory} pattern).
 */
public interface SampleHostFactory {

    SampleHost start(HostSettings settings);

    /** The implementation shipped with this API. */
    static SampleHostFactory get() {
        return ServiceLoader.load(SampleHostFactory.class, SampleHostFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + SampleHostFactory.class.getName()
                        + " in META-INF/services: the sample host's jar is incomplete"));
    }
}
