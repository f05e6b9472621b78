package io.patchbay.server.impl.push;

import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A Jetty response that records what a stream writes, for unit tests without a network: writes complete at once
 * ({@code reading}) or never (a client that stopped reading: the one pending write stays pending), plus the
 * stream's own completion (succeeded = clean end, failed = cut off).
 */
final class FakeStream {
    final List<String> written = new ArrayList<>();
    final List<Callback> pending = new ArrayList<>();
    final AtomicReference<String> outcome = new AtomicReference<>();
    volatile boolean reading = true;
    volatile boolean ended;
    final Response response;
    final Callback done = new Callback() {
        @Override
        public void succeeded() {
            outcome.compareAndSet(null, "succeeded");
        }

        @Override
        public void failed(Throwable x) {
            outcome.compareAndSet(null, "failed: " + x.getMessage());
        }
    };

    FakeStream() {
        response = (Response) Proxy.newProxyInstance(Response.class.getClassLoader(), new Class<?>[] {Response.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("write") && args != null && args.length == 3) {
                        write((Boolean) args[0], (ByteBuffer) args[1], (Callback) args[2]);
                        return null;
                    }
                    if (method.getName().equals("toString")) {
                        return "FakeStream";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private void write(boolean last, ByteBuffer bytes, Callback callback) {
        synchronized (this) {
            written.add(StandardCharsets.UTF_8.decode(bytes).toString());
            if (last) {
                ended = true;
            }
        }
        if (reading) {
            callback.succeeded();
        } else {
            synchronized (this) {
                pending.add(callback);
            }
        }
    }

    synchronized List<String> frames() {
        return new ArrayList<>(written);
    }
}
