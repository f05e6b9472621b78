package io.patchbay.policy.impl;

import io.patchbay.policy.api.PolicyEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded event history. An event identical (type and detail) to the newest one of its type is not
 * recorded again, so an agent that ticks every second while a host stays busy, or keeps failing the same
 * way, does not flood the report; a change (busy, then idle, then busy) is recorded.
 */
final class History {

    static final int CAPACITY = 256;

    private final ArrayDeque<PolicyEvent> events = new ArrayDeque<>();
    private final Map<PolicyEvent.Type, PolicyEvent> newest = new EnumMap<>(PolicyEvent.Type.class);
    private long dropped;

    void record(Instant at, PolicyEvent.Type type, String detail) {
        PolicyEvent last = newest.get(type);
        if (last != null && last.detail().equals(detail)) {
            return;
        }
        if (events.size() == CAPACITY) {
            events.removeFirst();
            dropped++;
        }
        PolicyEvent event = new PolicyEvent(at, type, detail);
        events.addLast(event);
        newest.put(type, event);
    }

    List<PolicyEvent> snapshot() {
        return List.copyOf(events);
    }

    long dropped() {
        return dropped;
    }
}
