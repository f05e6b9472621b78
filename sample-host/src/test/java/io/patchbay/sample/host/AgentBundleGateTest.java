package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.HealthGateException;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.sample.host.api.SampleBundles;
import io.patchbay.sample.host.impl.demo.JarCopies;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent bundle as the build ships it (bundles/agent: the agent's bnd jar signed with the publisher key) passes
 * the runtime's publisher gate with the build's trust store, as the sample host loads it; copies an attacker could
 * make of it do not.
 */
class AgentBundleGateTest {

    private static final SampleBundles BUNDLES = SampleBundles.besideHost();

    @TempDir
    Path work;

    /**
     * Past the publisher gate the agent is installed and started, and its own health check then judges it: with a
     * root it cannot read it is unhealthy, so the swap rolls back with that cause (a swap that brought a broken
     * agent must not commit). The committed path, with a real server's root, is the e2e module's.
     */
    @Test
    void theBuildSignedAgentPassesTheGateAndAMisconfiguredOneRollsBackOnItsHealthCheck() throws Exception {
        try (JarFile jar = new JarFile(BUNDLES.agent().toFile())) {
            assertEquals("io.patchbay.agent", jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
        }
        try (Patchbay runtime = runtime()) {
            SwapResult result = runtime.apply(Patch.of(BUNDLES.agent()));
            assertEquals(SwapResult.Outcome.ROLLED_BACK, result.outcome(), String.valueOf(result.cause()));
            HealthGateException cause = assertInstanceOf(HealthGateException.class, result.cause());
            assertTrue(cause.getMessage().contains("cannot read the signed root"), cause.getMessage());
            assertEquals(java.util.Optional.empty(), runtime.patchLevel().bundle("io.patchbay.agent"));
        }
    }

    @Test
    void anUnsignedCopyIsRejected() throws Exception {
        Path unsigned = JarCopies.unsigned(BUNDLES.agent(), work.resolve("agent-unsigned.jar"));
        assertRejected(unsigned, BundleRejectedException.Reason.UNSIGNED_ENTRY);
    }

    @Test
    void aCopyWithOneEmbeddedClassChangedIsRejected() throws Exception {
        Path tampered = JarCopies.tampered(BUNDLES.agent(), work.resolve("agent-tampered.jar"),
                "io/patchbay/agent/osgi/AgentActivator.class", bytes -> {
                    byte[] changed = bytes.clone();
                    changed[changed.length - 1] ^= 1;
                    return changed;
                });
        assertRejected(tampered, BundleRejectedException.Reason.TAMPERED_ENTRY);
    }

    private void assertRejected(Path jar, BundleRejectedException.Reason reason) {
        try (Patchbay runtime = runtime()) {
            SwapResult result = runtime.apply(Patch.of(jar));
            assertEquals(SwapResult.Outcome.REJECTED, result.outcome());
            assertEquals(reason, assertInstanceOf(BundleRejectedException.class, result.cause()).reason());
            assertEquals(java.util.Optional.empty(), runtime.patchLevel().bundle("io.patchbay.agent"));
        }
    }

    /**
     * A runtime set up as an agent host: the build's trust store, the agent's host packages, and a root file that
     * does not exist, so the activator starts but no agent runs: only the gate and the agent's health are under test.
     */
    private Patchbay runtime() {
        return Patchbay.builder().dataDirectory(work.resolve("runtime-" + System.nanoTime()))
                .trustPublishers(BUNDLES.trustStore(), BUNDLES.trustPassword())
                .hostPackage("io.patchbay.policy.api;version=1.2.0")
                .hostPackage("org.slf4j;version=" + org.slf4j.LoggerFactory.class.getPackage().getImplementationVersion())
                .frameworkProperty("patchbay.agent.root", work.resolve("no-root.json").toString())
                .start();
    }
}
