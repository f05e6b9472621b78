package io.patchbay.framework.itest.container;

import static io.patchbay.framework.itest.support.TestBundles.FORMATTER;
import static io.patchbay.framework.itest.support.TestBundles.GREETER;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.ServiceAccess;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.sample.feature.api.Greeter;
import io.patchbay.testsupport.Hashes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * Hot swap, health-gate and activator rollback, all-or-nothing multi-bundle patches and uninterrupted host
 * calls, all observed through real services in a real container.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SwapInContainerTest extends PatchbayInContainer {

    private static final Duration CALL_WAIT = Duration.ofSeconds(10);

    @Test
    public void compatiblePatchIsSwappedInAndCommitted() {
        PatchLevel before = patchbay.patchLevel();
        Path greeterV2 = TestBundles.greeterUpdate();

        SwapResult result = patchbay.apply(patch(greeterV2));

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.COMMITTED, result.outcome());
        assertNull(result.cause());
        assertEquals(V2_WITH_FORMATTER_V1, greetThroughRegistry());
        assertEquals(V2_WITH_FORMATTER_V1, greetThroughPatchbay());
        assertBundle(GREETER, "1.1.0");

        PatchLevel after = patchbay.patchLevel();
        assertEquals(after, result.after());
        assertEquals(before, result.before());
        assertEquals(before.sequence() + 1, after.sequence());
        PatchLevel.BundleRecord greeter = after.bundle(GREETER).orElseThrow();
        assertEquals("1.1.0", greeter.version());
        assertTrue("committed sha256 " + greeter.sha256() + " is the patch jar's",
                greeter.sha256().equalsIgnoreCase(Hashes.sha256Hex(greeterV2)));
        assertEquals("the formatter was not part of the patch", before.bundle(FORMATTER), after.bundle(FORMATTER));
    }

    @Test
    public void failingHealthCheckRollsBackToTheLastCommittedVersion() {
        assertEquals(SwapResult.Outcome.COMMITTED, patchbay.apply(patch(TestBundles.greeterUpdate())).outcome());
        PatchLevel committed = patchbay.patchLevel();

        SwapResult result = patchbay.apply(patch(TestBundles.greeterUnhealthy()));

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.ROLLED_BACK, result.outcome());
        assertNull("rollback failure: " + result.rollbackFailure(), result.rollbackFailure());
        SwapResults.assertCauseChainHas(result, HealthGateException.class);
        // The greeter's HealthCheck says exactly this when it fails; the cause must carry it.
        SwapResults.assertCauseMentions(result, "ignores the name it greets");
        assertEquals(V2_WITH_FORMATTER_V1, greetThroughRegistry());
        assertEquals(V2_WITH_FORMATTER_V1, greetThroughPatchbay());
        assertBundle(GREETER, "1.1.0");
        assertEquals(committed, patchbay.patchLevel());
        assertEquals(committed, result.after());
    }

    @Test
    public void throwingActivatorRollsBack() {
        PatchLevel committed = patchbay.patchLevel();

        SwapResult result = patchbay.apply(patch(TestBundles.greeterThrowingActivator()));

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.ROLLED_BACK, result.outcome());
        assertNull("rollback failure: " + result.rollbackFailure(), result.rollbackFailure());
        // What greeter 1.3.0's activator throws: it needs a framework property the host does not set.
        SwapResults.assertCauseMentions(result, "io.patchbay.sample.greeter.salutation");
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughRegistry());
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughPatchbay());
        assertBundle(GREETER, "1.0.0");
        assertEquals(committed, patchbay.patchLevel());
    }

    @Test
    public void multiBundlePatchWithAFailingBundleLeavesBothAtTheirPreviousVersions() {
        PatchLevel committed = patchbay.patchLevel();

        SwapResult result = patchbay.apply(patch(TestBundles.formatterUpdate(), TestBundles.greeterThrowingActivator()));

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.ROLLED_BACK, result.outcome());
        assertNull("rollback failure: " + result.rollbackFailure(), result.rollbackFailure());
        assertBundle(FORMATTER, "1.0.0");
        assertBundle(GREETER, "1.0.0");
        // "Ada lovelace", not "Ada Lovelace": the greeter is wired to formatter 1.0.0 again.
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughRegistry());
        assertEquals(V1_WITH_FORMATTER_V1, greetThroughPatchbay());
        assertEquals(committed, patchbay.patchLevel());
    }

    @Test
    public void multiBundlePatchIsAppliedAsAUnit() {
        PatchLevel before = patchbay.patchLevel();
        Path formatterV2 = TestBundles.formatterUpdate();
        Path greeterV2 = TestBundles.greeterUpdate();

        SwapResult result = patchbay.apply(patch(formatterV2, greeterV2));

        assertEquals(SwapResults.describe(result), SwapResult.Outcome.COMMITTED, result.outcome());
        assertBundle(FORMATTER, "1.1.0");
        assertBundle(GREETER, "1.1.0");
        // "Ada Lovelace": the new greeter runs on the new formatter, not on a stale wiring.
        assertEquals(V2_WITH_FORMATTER_V2, greetThroughRegistry());
        assertEquals(V2_WITH_FORMATTER_V2, greetThroughPatchbay());
        PatchLevel after = patchbay.patchLevel();
        assertEquals(before.sequence() + 1, after.sequence());
        assertEquals("1.1.0", committedVersion(after, FORMATTER));
        assertEquals("1.1.0", committedVersion(after, GREETER));
        assertTrue(after.bundle(FORMATTER).orElseThrow().sha256().equalsIgnoreCase(Hashes.sha256Hex(formatterV2)));
        assertTrue(after.bundle(GREETER).orElseThrow().sha256().equalsIgnoreCase(Hashes.sha256Hex(greeterV2)));
    }

    /**
     * A host keeps calling through Patchbay's access point while a two-bundle patch swaps the service's
     * provider: no call fails, and the answers go from the old pair straight to the new pair, never a
     * new greeter on the old formatter or the other way round.
     */
    @Test
    public void hostCallsNeitherFailNorSeeAHalfSwappedPairDuringASwap() throws InterruptedException {
        ServiceAccess<Greeter> access = patchbay.service(Greeter.class);
        // Open from the first bundle update to the commit: the stretch in which the greeter is replaced.
        AtomicBoolean replacing = new AtomicBoolean();
        patchbay.addListener(event -> {
            if (event.step() == SwapStep.APPLY && event.phase() == SwapEvent.Phase.STARTED) {
                replacing.set(true);
            } else if (event.step() == SwapStep.COMMIT && event.phase() == SwapEvent.Phase.FINISHED) {
                replacing.set(false);
            }
        });
        CallRecorder calls = new CallRecorder(() -> access.call(greeter -> greeter.greet(NAME)), replacing::get);
        Thread caller = new Thread(calls, "host-caller");
        caller.start();
        try {
            calls.awaitAnswer(V1_WITH_FORMATTER_V1, CALL_WAIT);

            SwapResult result = patchbay.apply(patch(TestBundles.formatterUpdate(), TestBundles.greeterUpdate()));

            assertEquals(SwapResults.describe(result), SwapResult.Outcome.COMMITTED, result.outcome());
            calls.awaitAnswer(V2_WITH_FORMATTER_V2, CALL_WAIT);
        } finally {
            calls.stop();
            caller.join(CALL_WAIT.toMillis());
        }
        assertEquals("failed calls: " + calls.failures(), List.of(), calls.failures());
        assertEquals("distinct answers in call order", List.of(V1_WITH_FORMATTER_V1, V2_WITH_FORMATTER_V2),
                calls.distinctAnswers());
        assertTrue("calls began while the bundles were being replaced", calls.answeredInWindow() > 0);
    }

    private void assertBundle(String symbolicName, String version) {
        Bundle bundle = installed(symbolicName);
        assertEquals(symbolicName + " version", version, bundle.getVersion().toString());
        assertEquals(symbolicName + " state", Bundle.ACTIVE, bundle.getState());
    }
}
