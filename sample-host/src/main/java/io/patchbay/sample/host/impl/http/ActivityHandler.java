package io.patchbay.sample.host.impl.http;

import io.patchbay.sample.host.impl.runtime.HostActivity;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Tells {@link HostActivity} when each request starts and when it has been handled. The end is signalled on the
 * handling thread after the handler returned (the reply is written by then), not from the write's completion
 * callback, which may run on a selector thread: a swap at the commit point must never block I/O.
 */
final class ActivityHandler extends Handler.Wrapper {

    private final HostActivity activity;

    ActivityHandler(Handler handler, HostActivity activity) {
        super(handler);
        this.activity = activity;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        activity.started();
        try {
            return super.handle(request, response, callback);
        } finally {
            activity.finished();
        }
    }
}
