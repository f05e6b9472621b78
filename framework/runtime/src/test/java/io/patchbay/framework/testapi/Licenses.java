package io.patchbay.framework.testapi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The features a test's gate bundle permits ({@code Test-Feature-Gate} in the test activator). The host exports this
 * package, so the test changes what the gate inside the container answers.
 */
public final class Licenses {
    public static final Set<String> LICENSED = ConcurrentHashMap.newKeySet();

    private Licenses() {
    }
}
