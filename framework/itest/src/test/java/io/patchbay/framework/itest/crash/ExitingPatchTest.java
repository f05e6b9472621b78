package io.patchbay.framework.itest.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.itest.crash.exiting.ExitingActivator;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.testsupport.Hashes;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A patch whose activator calls {@code System.exit}: the host dies mid-swap. The next start rolls the swap back and
 * records it CRASHED by content; applying the same patch again is refused instead of killing the host again, until
 * the caller retries it on purpose.
 */
class ExitingPatchTest {
    private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

    @Test
    void aPatchThatEndsTheProcessIsRecordedCrashedAndIsNotAppliedAgainByAccident() throws Exception {
        Path work = Files.createDirectories(Path.of(TestBundles.required("itest.work.dir"), "exiting"));
        Path data = Files.createTempDirectory(work, "data-");
        TestPki.Identity publisher = TestPki.rsaPublisher("CN=Crash Test Publisher");
        Path pem = work.resolve("publisher-" + System.nanoTime() + ".pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(
                        publisher.certificate().getEncoded()) + "\n-----END CERTIFICATE-----\n");
        byte[] exiting = TestJars.bundle("io.patchbay.itest.exiting", "1.0.0")
                .header("Bundle-Activator", ExitingActivator.class.getName())
                .header("Import-Package", "org.osgi.framework;version=\"[1.8,2)\"")
                .classesOf(ExitingActivator.class)
                .signedBy(publisher);
        Path jar = Files.write(work.resolve("exiting-" + System.nanoTime() + ".jar"), exiting);
        List<String> trust = List.of("-Ditest.extra.trust=" + pem);

        try (var child = CrashChild.start(work.resolve(data.getFileName() + "-exit.log"), trust,
                "apply-file", data.toString(), jar.toString())) {
            List<String> output = child.awaitExit(42, CHILD_TIMEOUT);
            assertTrue(output.stream().noneMatch(line -> line.startsWith("RESULT")), "the process died mid-swap: " + output);
        }

        RunningState afterCrash = report(work, data, trust);
        assertEquals(1, afterCrash.levelSequence(), "rolled back to the committed level");
        assertEquals("Hello, Ada lovelace (v1)", afterCrash.greeting());
        RunningState.HistoryLine crashed = afterCrash.history().get(afterCrash.history().size() - 1);
        assertEquals("CRASHED", crashed.outcome(), "history: " + afterCrash.history());
        assertEquals(patchId(exiting), crashed.patchId());

        try (var child = CrashChild.start(work.resolve(data.getFileName() + "-again.log"), trust,
                "apply-file", data.toString(), jar.toString())) {
            List<String> output = child.awaitExit(0, CHILD_TIMEOUT);
            assertTrue(output.contains("RESULT REJECTED CRASHED_BEFORE"), "refused, not run again: " + output);
        }
        RunningState afterRefusal = report(work, data, trust);
        assertEquals(1, afterRefusal.levelSequence());
        assertEquals("Hello, Ada lovelace (v1)", afterRefusal.greeting());
    }

    private static RunningState report(Path work, Path data, List<String> trust) {
        try (var child = CrashChild.start(work.resolve(data.getFileName() + "-report-" + System.nanoTime() + ".log"),
                trust, "report", data.toString())) {
            return RunningState.parse(child.awaitExit(0, CHILD_TIMEOUT));
        }
    }

    /** The patch identity of a one-jar patch: SHA-256 over its single bundle hash. */
    private static String patchId(byte[] jar) {
        return Hashes.sha256Hex(Hashes.sha256Hex(jar).getBytes(StandardCharsets.UTF_8));
    }
}
