package io.patchbay.framework.impl.history;

import io.patchbay.framework.impl.store.AppendLog;
import io.patchbay.framework.impl.store.CrcLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The history's file: an {@link AppendLog}, and the lines of records already stored but not yet written (outcomes
 * the journal holds, written in the background). Lines reach the file in sequence order, each fsynced before the
 * next is written, so a power cut can tear only the last one, which the log cuts as a crash; two unsynced lines
 * could leave a hole followed by a good line, which is damage.
 *
 * <p>Not thread-safe: {@link SwapHistory} serialises access.
 */
final class OrderedLog implements AutoCloseable {
    private final AppendLog log;
    private final Deque<String> unwritten = new ArrayDeque<>();
    private long unwrittenBytes;

    OrderedLog(AppendLog log) {
        this.log = log;
    }

    static long lineBytes(String payload) {
        return CrcLines.frame(payload).getBytes(StandardCharsets.UTF_8).length;
    }

    Path file() {
        return log.file();
    }

    long maxBytes() {
        return log.maxBytes();
    }

    /** The bytes in the file now. */
    long written() {
        return log.size();
    }

    /** The bytes the file holds once every line is written. */
    long size() {
        return log.size() + unwrittenBytes;
    }

    /** How many lines wait to be written. */
    int unwritten() {
        return unwritten.size();
    }

    /**
     * Writes what waits, then {@code payload}; durable on return. When a waiting line cannot be written,
     * {@code payload} is not either (the caller then stores nothing).
     */
    void append(String payload) {
        writeUnwritten();
        log.append(payload);
    }

    /** Queues {@code payload} behind what waits; {@link #writeUnwritten} writes it. */
    void defer(String payload) {
        unwritten.addLast(payload);
        unwrittenBytes += lineBytes(payload);
    }

    /** Writes the waiting lines in order, each fsynced; a failure leaves the rest waiting and is thrown. */
    void writeUnwritten() {
        while (!unwritten.isEmpty()) {
            String payload = unwritten.peekFirst();
            log.append(payload);
            unwritten.removeFirst();
            unwrittenBytes -= lineBytes(payload);
        }
    }

    /**
     * Replaces the file by {@code payloads}, which must hold every waiting line's record: none waits once the new
     * content is in place. See {@link AppendLog#replace}.
     */
    void replace(List<String> payloads, Runnable renamed) {
        log.replace(payloads, () -> {
            unwritten.clear();
            unwrittenBytes = 0;
            renamed.run();
        });
    }

    @Override
    public void close() {
        log.close();
    }
}
