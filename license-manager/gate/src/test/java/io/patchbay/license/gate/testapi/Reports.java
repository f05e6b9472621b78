package io.patchbay.license.gate.testapi;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service the licensed test bundle offers; the host exports this package. A test may make calls wait inside the
 * service ({@link #BLOCK}) and see when one has entered ({@link #ENTERED}).
 */
public interface Reports {
    String report(String name);

    AtomicReference<CountDownLatch> BLOCK = new AtomicReference<>();
    AtomicReference<CountDownLatch> ENTERED = new AtomicReference<>();
}
