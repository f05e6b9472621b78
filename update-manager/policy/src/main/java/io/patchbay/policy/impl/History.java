package io.patchbay.policy.impl;

import io.patchbay.policy.api.PolicyEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A bounded event history. A repeat of the newest event (same type and detail) is not recorded again, so
 * an agent that ticks every second while a host stays busy does not flood the report.
 */
final class History {

    static final int CAPACITY = 256;

    private final ArrayDeque<PolicyEvent> events = new ArrayDeque<>();
    private long dropped;

    void record(Instant at, PolicyEvent.Type type, String detail) {
        PolicyEvent last = events.peekLast();
        if (last != null && last.type() == type && last.detail().equals(detail)) {
            return;
        }
        if (events.size() == CAPACITY) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(new PolicyEvent(at, type, detail));
    }

    List<PolicyEvent> snapshot() {
        return List.copyOf(events);
    }

    long dropped() {
        return dropped;
    }
}
