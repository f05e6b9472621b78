package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Callers keep getting answers while the greeter is swapped and while a bad patch rolls back. The swaps are held at
 * chosen steps until the caller has been answered several times, so the calls provably overlap each swap: before the
 * old greeter stops, once the new one runs but is not yet committed, and while the failing one runs before its
 * health gate rolls it back.
 */
class CallsDuringSwapTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final int CALLS_PER_HOLD = 3;

    @TempDir
    Path data;

    @Test
    void noCallFailsDuringASwapOrARollbackAndCallsAreAnsweredInsideEach() throws Exception {
        try (SampleHost host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data))) {
            TestHttp http = new TestHttp(host.baseUri());
            Semaphore answered = new Semaphore(0);
            Map<String, List<String>> answersWhileHeld = new ConcurrentHashMap<>();
            List<String> holdsSeen = new CopyOnWriteArrayList<>();
            List<String> currentHold = new CopyOnWriteArrayList<>();
            // odd while a swap is held: a call counts for the hold only if it began and ended in the same odd value
            AtomicInteger holdPhase = new AtomicInteger();
            host.patchbay().addListener(event -> {
                String hold = holdPoint(event);
                if (hold == null) {
                    return;
                }
                holdsSeen.add(hold);
                answered.drainPermits();
                currentHold.clear();
                holdPhase.incrementAndGet();
                boolean got = acquire(answered);
                holdPhase.incrementAndGet();
                answersWhileHeld.put(hold, List.copyOf(currentHold));
                assertTrue(got, "no call answered while the swap was held at " + hold);
            });
            AtomicBoolean calling = new AtomicBoolean(true);
            List<HttpResponse<String>> all = new CopyOnWriteArrayList<>();
            ExecutorService caller = Executors.newSingleThreadExecutor();
            Future<?> calls = caller.submit(() -> {
                while (calling.get()) {
                    int phase = holdPhase.get();
                    HttpResponse<String> answer = http.greet("Ada");
                    all.add(answer);
                    if (phase % 2 == 1 && holdPhase.get() == phase) {
                        currentHold.add(answer.statusCode() + " " + answer.body());
                        answered.release();
                    }
                }
            });
            try {
                assertEquals(200, http.applyFiles(BUNDLES.greeterUpdate()).statusCode());
                assertEquals(409, http.applyFiles(BUNDLES.greeterUnhealthy()).statusCode());
            } finally {
                calling.set(false);
                caller.shutdown();
            }
            calls.get(60, TimeUnit.SECONDS);

            assertEquals(List.of("APPLY/STARTED#1", "START/FINISHED#1", "APPLY/STARTED#2", "HEALTH/STARTED#2"), holdsSeen);
            assertAll(answersWhileHeld.get("APPLY/STARTED#1"), "200 Hello, Ada (v1)");
            assertAll(answersWhileHeld.get("START/FINISHED#1"), "200 Hello, Ada! Nice to see you (v2)");
            assertAll(answersWhileHeld.get("APPLY/STARTED#2"), "200 Hello, Ada! Nice to see you (v2)");
            assertAll(answersWhileHeld.get("HEALTH/STARTED#2"), "200 Hello, friend (v3)");
            for (HttpResponse<String> answer : all) {
                assertEquals(200, answer.statusCode(), answer.body());
            }
            assertEquals("Hello, Ada! Nice to see you (v2)", http.greet("Ada").body());
        }
    }

    private int swaps;

    /** Where to hold: before APPLY and after START of the good patch, before APPLY and HEALTH of the failing one. */
    private String holdPoint(SwapEvent event) {
        if (event.step() == SwapStep.VERIFY && event.phase() == SwapEvent.Phase.STARTED) {
            swaps++;
        }
        boolean hold = event.phase() == SwapEvent.Phase.STARTED && event.step() == SwapStep.APPLY
                || swaps == 1 && event.phase() == SwapEvent.Phase.FINISHED && event.step() == SwapStep.START
                || swaps == 2 && event.phase() == SwapEvent.Phase.STARTED && event.step() == SwapStep.HEALTH;
        return hold ? event.step() + "/" + event.phase() + "#" + swaps : null;
    }

    private static boolean acquire(Semaphore answered) {
        try {
            return answered.tryAcquire(CALLS_PER_HOLD, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assertAll(List<String> answers, String expected) {
        assertTrue(answers != null && answers.size() >= CALLS_PER_HOLD, "answers while held: " + answers);
        for (String answer : answers) {
            assertEquals(expected, answer);
        }
    }
}
