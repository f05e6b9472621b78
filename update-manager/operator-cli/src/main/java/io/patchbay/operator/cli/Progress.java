package io.patchbay.operator.cli;

import java.io.PrintWriter;

/**
 * A progress bar on stderr for a transfer of known length: drawn only when stderr is a terminal and the
 * transfer has taken longer than a second, redrawn at most ten times a second, and ended with a newline.
 */
final class Progress {
    static final long SHOW_AFTER_NANOS = 1_000_000_000L;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final int WIDTH = 30;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long lastDrawn;
    private boolean drawn;

    Progress(Io io, String label, long total) {
        this.err = io.err();
        this.enabled = io.terminal();
        this.label = label;
        this.total = Math.max(total, 1);
    }

    /** {@code done} bytes of {@code total} transferred so far. */
    synchronized void update(long done) {
        long now = System.nanoTime();
        if (!enabled || now - started < SHOW_AFTER_NANOS || (drawn && now - lastDrawn < REDRAW_NANOS)) {
            return;
        }
        lastDrawn = now;
        drawn = true;
        err.print("\r" + bar(label, done, total));
        err.flush();
    }

    synchronized void finish() {
        if (drawn) {
            err.print("\r" + bar(label, total, total) + "\n");
            err.flush();
        }
    }

    static String bar(String label, long done, long total) {
        long bounded = Math.min(Math.max(done, 0), total);
        int filled = (int) (WIDTH * bounded / total);
        return String.format("%s [%s%s] %3d%% %s", label, "#".repeat(filled), " ".repeat(WIDTH - filled),
                100 * bounded / total, bytes(bounded));
    }

    static String bytes(long n) {
        return n < 1024 ? n + " B" : n < 1024 * 1024 ? String.format("%.1f KiB", n / 1024.0)
                : String.format("%.1f MiB", n / (1024.0 * 1024));
    }
}
