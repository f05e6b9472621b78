package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.sample.host.api.HostSettings;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.api.SampleHost;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Callers keep getting answers while the greeter is swapped and while a bad patch rolls back. */
class CallsDuringSwapTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();
    private static final int MAX_CALLS = 400;

    @TempDir
    Path data;

    @Test
    void noCallFailsDuringASwapOrARollback() throws Exception {
        try (SampleHost host = SampleHost.start(HostSettings.forSampleBundles(BUNDLES, 0, data))) {
            TestHttp http = new TestHttp(host.baseUri());
            AtomicBoolean swapping = new AtomicBoolean(true);
            ExecutorService caller = Executors.newSingleThreadExecutor();
            Future<List<HttpResponse<String>>> calls = caller.submit(() -> {
                List<HttpResponse<String>> answers = new ArrayList<>();
                while (swapping.get() && answers.size() < MAX_CALLS) {
                    answers.add(http.greet("Ada"));
                }
                return answers;
            });
            try {
                assertEquals(200, http.applyFiles(BUNDLES.greeterUpdate()).statusCode());
                assertEquals(409, http.applyFiles(BUNDLES.greeterUnhealthy()).statusCode());
            } finally {
                swapping.set(false);
                caller.shutdown();
            }

            List<HttpResponse<String>> answers = calls.get(60, TimeUnit.SECONDS);
            assertTrue(caller.awaitTermination(10, TimeUnit.SECONDS));
            assertTrue(!answers.isEmpty());
            for (HttpResponse<String> answer : answers) {
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().equals("Hello, Ada (v1)")
                        || answer.body().equals("Hello, Ada! Nice to see you (v2)")
                        // greeter 1.2.0 is live between its start and its failed health gate
                        || answer.body().equals("Hello, friend (v3)"), answer.body());
            }
            assertEquals("Hello, Ada! Nice to see you (v2)", http.greet("Ada").body());
        }
    }
}
