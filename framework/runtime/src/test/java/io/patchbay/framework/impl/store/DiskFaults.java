package io.patchbay.framework.impl.store;

import io.patchbay.framework.impl.store.SimulatedDisk.Call;
import io.patchbay.framework.impl.store.SimulatedDisk.PowerCut;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;

/**
 * What {@link SimulatedDisk} does instead of a call: the power cut at the n-th mutation (and at every call after
 * it), the queued {@link IOException}s, the length of a failing write; and the count of every call, which tests
 * assert on. Not thread-safe: the disk calls it under its own lock.
 */
final class DiskFaults {
    private final Map<Call, Deque<IOException>> failures = new EnumMap<>(Call.class);
    private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
    private int mutations;
    private int crashAt = Integer.MAX_VALUE;
    private boolean dead;
    private int partialWriteBytes = -1;

    void crashAt(int n) {
        crashAt = mutations + n;
    }

    int mutations() {
        return mutations;
    }

    int calls(Call call) {
        return calls.getOrDefault(call, 0);
    }

    void failOn(Call call, IOException... exceptions) {
        failures.computeIfAbsent(call, c -> new ArrayDeque<>()).addAll(Arrays.asList(exceptions));
    }

    void partialWrite(int bytes) {
        partialWriteBytes = bytes;
    }

    /** How much of a {@code length}-byte write reaches the file when the write fails. */
    int partialLength(int length) {
        return partialWriteBytes < 0 ? length / 2 : Math.min(partialWriteBytes, length);
    }

    /** Throws {@link PowerCut} once the power is off; for calls that neither count nor fail. */
    void requirePower() {
        if (dead) {
            throw new PowerCut();
        }
    }

    /** Counts {@code call}, then cuts the power or fails it if that is due. */
    void enter(Call call, boolean mutating) throws IOException {
        requirePower();
        calls.merge(call, 1, Integer::sum);
        if (mutating && ++mutations >= crashAt) {
            dead = true;
            throw new PowerCut();
        }
        Deque<IOException> queue = failures.get(call);
        if (queue != null && !queue.isEmpty()) {
            throw queue.poll();
        }
    }
}
