package io.patchbay.sample.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.patchbay.framework.api.BundleRejectedException;
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

    @Test
    void theBuildSignedAgentIsAcceptedAndCommitted() throws Exception {
        String version;
        try (JarFile jar = new JarFile(BUNDLES.agent().toFile())) {
            assertEquals("io.patchbay.agent", jar.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"));
            version = jar.getManifest().getMainAttributes().getValue("Bundle-Version");
        }
        try (Patchbay runtime = runtime()) {
            SwapResult result = runtime.apply(Patch.of(BUNDLES.agent()));
            assertEquals(SwapResult.Outcome.COMMITTED, result.outcome(), String.valueOf(result.cause()));
            assertEquals(version, runtime.patchLevel().bundle("io.patchbay.agent").orElseThrow().version());
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
     * does not exist, so the activator starts but no agent runs (one WARN line): only the gate is under test here.
     */
    private Patchbay runtime() {
        return Patchbay.builder().dataDirectory(work.resolve("runtime-" + System.nanoTime()))
                .trustPublishers(BUNDLES.trustStore(), BUNDLES.trustPassword())
                .hostPackage("io.patchbay.policy.api;version=1.0.0")
                .hostPackage("org.slf4j;version=2.0.20")
                .frameworkProperty("patchbay.agent.root", work.resolve("no-root.json").toString())
                .start();
    }
}
