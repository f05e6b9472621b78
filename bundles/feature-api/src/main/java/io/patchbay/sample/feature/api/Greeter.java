package io.patchbay.sample.feature.api;

import org.osgi.annotation.versioning.ProviderType;

/** Greets people. Each version of the greeter bundle answers in a way that names its version. */
@ProviderType
public interface Greeter {

    /**
     * A greeting for {@code name}, e.g. {@code "Hello, Ada (v1)"}.
     *
     * @param name who to greet
     * @return the greeting
     */
    String greet(String name);
}
