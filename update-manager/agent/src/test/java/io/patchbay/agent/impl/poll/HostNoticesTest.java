package io.patchbay.agent.impl.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.patchbay.agent.testing.ManualScheduler;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.policy.api.HostCallbacks;
import io.patchbay.testsupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The host's checkRequested: one call at a time, requests during a call folded into one more, failures logged once. */
class HostNoticesTest {
    MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    ManualScheduler timers = new ManualScheduler(clock);
    RecordingLog log = new RecordingLog();
    /** The host's thread, run by hand: a queued task is a call not yet made (or still running). */
    Queue<Runnable> hostThread = new ArrayDeque<>();
    Executor executor = hostThread::add;
    AtomicInteger calls = new AtomicInteger();

    HostNotices notices(HostCallbacks host) {
        return new HostNotices(host, timers, executor, log);
    }

    final HostCallbacks counting = new HostCallbacks() {
        @Override
        public void checkRequested() {
            calls.incrementAndGet();
        }
    };

    @Test
    void requestsWhileACallIsPendingOrRunningBecomeOneMoreCall() {
        HostNotices notices = notices(counting);
        notices.checkRequested(Duration.ZERO);
        assertEquals(1, hostThread.size());
        for (int i = 0; i < 50; i++) {
            notices.checkRequested(Duration.ZERO); // the first call has not returned: no further thread work
        }
        assertEquals(1, hostThread.size());
        hostThread.poll().run();
        assertEquals(1, calls.get());
        assertEquals(1, hostThread.size(), "the 50 requests: one more call, after the first");
        hostThread.poll().run();
        assertEquals(2, calls.get());
        assertEquals(0, hostThread.size());

        notices.checkRequested(Duration.ZERO);
        hostThread.poll().run();
        assertEquals(3, calls.get(), "a request after the calls ended is a call of its own");
    }

    @Test
    void aHungHostCostsOneCallAndNothingPilesUp() {
        HostNotices notices = notices(counting);
        notices.checkRequested(Duration.ZERO);
        Runnable hung = hostThread.poll(); // never run: the host's call never returns
        for (int i = 0; i < 1000; i++) {
            notices.checkRequested(Duration.ZERO);
        }
        assertEquals(0, hostThread.size());
        assertEquals(0, calls.get());
        hung.run(); // it returns at last: one more call for everything asked meanwhile
        assertEquals(1, hostThread.size());
    }

    @Test
    void aDelayedRequestWaitsOnTheTimersAndAFailingHostIsLoggedOnce() {
        HostNotices notices = notices(new HostCallbacks() {
            @Override
            public void checkRequested() {
                calls.incrementAndGet();
                throw new IllegalStateException("renewal exploded");
            }
        });
        notices.checkRequested(Duration.ofSeconds(15));
        assertEquals(0, hostThread.size());
        assertEquals(Duration.ofSeconds(15), timers.runNext());
        hostThread.poll().run();
        notices.checkRequested(Duration.ZERO);
        hostThread.poll().run();
        assertEquals(2, calls.get(), "a failing call does not stop later ones");
        assertEquals(1, log.count("checkRequested callback failed"), log.lines.toString());
    }

    @Test
    void theDefaultCallbackDoesNothingAndAClosedThreadRefusesQuietly() {
        HostNotices own = new HostNotices(HostCallbacks.NONE, timers, null, log);
        own.close();
        own.checkRequested(Duration.ZERO); // the agent is stopping: dropped, nothing thrown
        assertEquals(0, log.lines.size());
    }
}
