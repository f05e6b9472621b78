package io.patchbay.sample.host.impl.runtime;

import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapListener;
import io.patchbay.framework.api.SwapStep;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs a swap one line per step as it finishes (with how long it took), each unit of progress, and a
 * failed step at WARN, so an operator can follow a patch. Step starts are DEBUG only: the finish line
 * already says everything. Swaps are serialised, so one swap's state is kept at a time.
 */
final class SwapEventLogger implements SwapListener {

    static final String LOGGER = "io.patchbay.sample.host.swap";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final int SHORT_ID = 8;

    private final Map<SwapStep, Instant> started = new EnumMap<>(SwapStep.class);
    private String transaction = "";

    @Override
    public synchronized void onEvent(SwapEvent event) {
        if (!event.transactionId().equals(transaction)) {
            transaction = event.transactionId();
            started.clear();
        }
        String prefix = String.format(Locale.ROOT, "swap %s %-8s", shortId(event.transactionId()), event.step());
        String detail = event.detail() == null || event.detail().isBlank() ? "" : event.detail();
        switch (event.phase()) {
            case STARTED -> {
                started.put(event.step(), event.at());
                if (event.step() == SwapStep.ROLLBACK) {
                    LOG.info("{} rolling back to the last committed level", prefix);
                } else {
                    LOG.debug("{} started {}", prefix, detail);
                }
            }
            case PROGRESS -> LOG.info("{} {}", prefix, detail);
            case FINISHED -> LOG.info("{} done{}", prefix, took(event));
            case FAILED -> LOG.warn("{} FAILED{}: {}", prefix, took(event), detail);
        }
    }

    private String took(SwapEvent event) {
        Instant start = started.get(event.step());
        if (start == null) {
            return "";
        }
        Duration took = Duration.between(start, event.at());
        return String.format(Locale.ROOT, " in %.1f ms", took.toNanos() / 1_000_000.0);
    }

    private static String shortId(String id) {
        return id.length() > SHORT_ID ? id.substring(0, SHORT_ID) : id;
    }
}
