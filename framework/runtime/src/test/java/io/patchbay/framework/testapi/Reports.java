package io.patchbay.framework.testapi;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** What test bundles tell the test from inside the container (the host exports this package, so both share it). */
public final class Reports {
    public static final BlockingQueue<String> QUEUE = new LinkedBlockingQueue<>();

    private Reports() {
    }
}
