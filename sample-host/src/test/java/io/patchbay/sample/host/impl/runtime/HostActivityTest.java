package io.patchbay.sample.host.impl.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.policy.api.CommitPoint;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The sample host's commit point: reached when the last request in flight ends, never while one runs. */
class HostActivityTest {

    private final HostActivity activity = new HostActivity();
    private final AtomicInteger reached = new AtomicInteger();

    HostActivityTest() {
        activity.commitPoint().attach(() -> {
            reached.incrementAndGet();
            return CommitPoint.Outcome.SWAPPED;
        });
    }

    @Test
    void oneRequestReachesTheCommitPointWhenItEnds() {
        assertTrue(activity.isIdle());
        activity.started();
        assertFalse(activity.isIdle());
        assertEquals(0, reached.get());
        assertEquals(CommitPoint.Outcome.SWAPPED, activity.finished());
        assertEquals(1, reached.get());
        assertTrue(activity.isIdle());
    }

    @Test
    void overlappingRequestsReachItOnlyWhenTheLastOneEnds() {
        activity.started();
        activity.started();
        assertEquals(CommitPoint.Outcome.NOT_NOW, activity.finished(), "another request is still in flight");
        assertEquals(0, reached.get());
        assertFalse(activity.isIdle());
        assertEquals(CommitPoint.Outcome.SWAPPED, activity.finished());
        assertEquals(1, reached.get());
    }

    @Test
    void withoutAnAgentAttachedNothingIsPending() {
        HostActivity bare = new HostActivity();
        bare.started();
        assertEquals(CommitPoint.Outcome.NOTHING_PENDING, bare.finished());
    }
}
