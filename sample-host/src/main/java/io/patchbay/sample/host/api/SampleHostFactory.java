package io.patchbay.sample.host.api;

import java.util.ServiceLoader;

/**
 * What {@link SampleHost#start} calls, found with {@link ServiceLoader} in the sample host's jar, so this API names no
 * implementation class (the framework's {@code PatchbayFactory} pattern).
 */
public interface SampleHostFactory {

    /**
     * See {@link SampleHost#start}.
     *
     * @param settings how to start it
     * @return the running host
     */
    SampleHost start(HostSettings settings);

    /**
     * The implementation shipped with this API.
     *
     * @return the factory
     * @throws IllegalStateException when the sample host's jar is incomplete
     */
    static SampleHostFactory get() {
        return ServiceLoader.load(SampleHostFactory.class, SampleHostFactory.class.getClassLoader()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + SampleHostFactory.class.getName()
                        + " in META-INF/services: the sample host's jar is incomplete"));
    }
}
