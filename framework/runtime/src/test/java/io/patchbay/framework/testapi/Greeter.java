package io.patchbay.framework.testapi;

/** The service the test bundles offer; the host exports this package into the container. */
public interface Greeter {
    String greet(String name);
}
