package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The stable selection: the same bucket for the same client every time, about the right share over many clients. */
class RolloutSelectionTest {
    static final List<String> IDS = ids(10_000);

    static List<String> ids(int count) {
        List<String> ids = new ArrayList<>();
        java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < count; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        return ids;
    }

    @Test
    void aClientKeepsItsBucketWithinARollout() {
        for (String id : IDS.subList(0, 100)) {
            int bucket = RolloutMembers.bucket("seed-1", id);
            assertTrue(bucket >= 0 && bucket < RolloutMembers.BUCKETS);
            assertEquals(bucket, RolloutMembers.bucket("seed-1", id));
        }
    }

    @Test
    void percentagesSelectRoughlyTheirShareOfTenThousandClients() {
        for (int percent : new int[] {1, 10, 50, 90}) {
            long selected = IDS.stream().filter(id -> RolloutMembers.bucket("seed-2", id) < percent * 100).count();
            double expected = percent * 100.0;
            assertTrue(Math.abs(selected - expected) < 4 * Math.sqrt(expected), percent + " %: " + selected);
        }
    }

    @Test
    void anotherRolloutPicksOtherCanaries() {
        List<String> first = IDS.stream().filter(id -> RolloutMembers.bucket("seed-a", id) < 1000).toList();
        List<String> second = IDS.stream().filter(id -> RolloutMembers.bucket("seed-b", id) < 1000).toList();
        long both = first.stream().filter(second::contains).count();
        assertNotEquals(first, second);
        assertTrue(both < 200, "independent 10 % samples overlap by about 1 %: " + both);
    }
}
