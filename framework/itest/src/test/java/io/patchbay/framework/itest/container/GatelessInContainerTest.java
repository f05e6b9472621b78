package io.patchbay.framework.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.itest.support.TestBundles;
import java.util.List;
import java.util.Set;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.wiring.FrameworkWiring;

/** Without the license gate bundle the framework fails closed: a gated bundle is committed but never resolves or starts. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class GatelessInContainerTest extends PatchbayInContainer {
    private static final String REPORTS = "io.patchbay.sample.reports";

    @Test
    public void withoutTheGateBundleAGatedBundleStaysStopped() throws Exception {
        SwapResult result = patchbay.apply(Patch.of(TestBundles.reportsLicensed()));

        assertTrue(SwapResults.describe(result), result.committed());
        assertEquals(Set.of(REPORTS), result.held().keySet());
        assertTrue(result.held().get(REPORTS), result.held().get(REPORTS).contains("no feature gate is running"));
        Bundle reports = installed(REPORTS);
        assertEquals(Bundle.INSTALLED, reports.getState());
        FrameworkWiring wiring = context.getBundle(0).adapt(FrameworkWiring.class);
        assertFalse("no one can resolve it", wiring.resolveBundles(List.of(reports)));
        try {
            reports.start();
            fail("a gated bundle started without a gate");
        } catch (BundleException expected) {
            assertEquals(Bundle.INSTALLED, reports.getState());
        }
        assertEquals("the committed level includes it", "1.0.0", committedVersion(patchbay.patchLevel(), REPORTS));
        assertEquals("the rest runs on", V1_WITH_FORMATTER_V1, greetThroughPatchbay());
    }
}
