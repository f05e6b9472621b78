package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.patchbay.testsupport.RawFelix;
import io.patchbay.testsupport.TestJars;
import io.patchbay.testsupport.TestPki;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.slf4j.LoggerFactory;

/**
 * The resolver gate in a real Felix: bundles installed behind Patchbay's back resolve only when signed by a trusted
 * publisher, an admitted bundle is never wired to an unverified exporter, and a refused bundle neither resolves nor
 * keeps admitted bundles of the same resolve from resolving.
 */
class RevisionGateTest {
    static final Instant NOW = Instant.parse("2030-06-01T00:00:00Z");
    static TestPki.Identity publisher;

    @TempDir
    Path dir;
    RawFelix felix;
    RevisionGate gate;
    ListAppender<ILoggingEvent> log;

    @BeforeAll
    static void keys() {
        publisher = TestPki.selfSigned("CN=Publisher", NOW.minusSeconds(86_400), NOW.plusSeconds(86_400));
    }

    @BeforeEach
    void framework() throws BundleException {
        felix = RawFelix.open(dir.resolve("cache"), "com.acme.host;version=1.0.0", true);
        gate = new RevisionGate(new PublisherGate(new SignerTrust(List.of(publisher.certificate()),
                Clock.fixed(NOW, ZoneOffset.UTC)), VerifyLimits.DEFAULTS));
        felix.context().registerService(ResolverHookFactory.class, gate, null);
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(RevisionGate.class)).addAppender(log);
    }

    @AfterEach
    void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger(RevisionGate.class)).detachAppender(log);
        felix.close();
    }

    private static TestJars.Builder bundle(String name) {
        return TestJars.bundle(name, "1.0.0").entry(name.replace('.', '/') + "/Thing.class", "bytes of " + name);
    }

    /** Imports a package the system bundle exports: resolvable with no other bundle, if the gate lets it. */
    private static TestJars.Builder importingFromHost(String name) {
        return bundle(name).header("Import-Package", "com.acme.host;version=\"[1,2)\"");
    }

    private static TestJars.Builder exporter(String name) {
        return bundle(name).header("Export-Package", "com.acme.api;version=1.0.0").entry("com/acme/api/Api.class", "api");
    }

    private static TestJars.Builder importer(String name) {
        return bundle(name).header("Import-Package", "com.acme.api;version=\"[1,2)\"");
    }

    private Bundle install(String location, byte[] jar) throws BundleException {
        return felix.context().installBundle(location, new ByteArrayInputStream(jar));
    }

    private boolean resolve(Bundle... bundles) {
        return felix.framework().adapt(FrameworkWiring.class).resolveBundles(List.of(bundles));
    }

    private static boolean resolved(Bundle bundle) {
        return (bundle.getState() & (Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE)) != 0;
    }

    private boolean logged(String level, String text) {
        return log.list.stream().anyMatch(e -> e.getLevel().toString().equals(level) && e.getFormattedMessage().contains(text));
    }

    @Test
    void aSignedBundleInstalledBehindPatchbaysBackResolvesAndIsLoggedAsAdmitted() throws Exception {
        Bundle signed = install("signed.jar", importingFromHost("com.acme.signed").signedBy(publisher));
        assertTrue(resolve(signed));
        assertNull(gate.refusal(signed));
        assertTrue(logged("INFO", "admitted bundle com.acme.signed (signed.jar)"), log.list.toString());
        // admitted once: a second resolve asks nothing again
        log.list.clear();
        assertTrue(gate.allowed(signed.adapt(BundleRevision.class)));
        assertTrue(log.list.isEmpty());
    }

    @Test
    void anUnsignedBundleWithAMandatoryImportDoesNotResolveAndSaysWhy() throws Exception {
        Bundle unsigned = install("unsigned.jar", importingFromHost("com.acme.unsigned").build());
        assertFalse(resolve(unsigned));
        assertFalse(resolved(unsigned));
        String refusal = gate.refusal(unsigned);
        assertNotNull(refusal);
        assertTrue(refusal.contains("unsigned.jar") && refusal.contains("UNSIGNED_ENTRY"), refusal);
        assertTrue(logged("WARN", "bundle com.acme.unsigned (unsigned.jar) may not resolve"), log.list.toString());
        // refused for good: asked again, it is not verified again
        log.list.clear();
        assertFalse(gate.allowed(unsigned.adapt(BundleRevision.class)));
        assertTrue(log.list.isEmpty());
    }

    @Test
    void anUnsignedBundleWithoutRequirementsDoesNotResolve() throws Exception {
        Bundle bare = install("bare.jar", bundle("com.acme.bare").build());
        assertFalse(resolve(bare));
        assertFalse(resolved(bare));
        assertNotNull(gate.refusal(bare));
    }

    @Test
    void anUnsignedBundleWhoseRequirementsAreAllOptionalOrNotForResolvingDoesNotResolveAlongsideAnAdmittedOne()
            throws Exception {
        // alongside an admitted bundle, a refused one is removed from the resolve only if nothing else would stop it
        Bundle signed = install("signed.jar", bundle("com.acme.signed").signedBy(publisher));
        Bundle optional = install("optional.jar", bundle("com.acme.optional")
                .header("Import-Package", "com.acme.absent;resolution:=optional").build());
        Bundle active = install("active.jar", bundle("com.acme.active")
                .header("Require-Capability", "com.acme.cap;effective:=active").build());
        Bundle dynamic = install("dynamic.jar", bundle("com.acme.dynamic").header("DynamicImport-Package", "*").build());
        resolve(signed, optional, active, dynamic);
        assertTrue(resolved(signed));
        assertFalse(resolved(optional), "an optional import alone does not keep it from resolving");
        assertFalse(resolved(active), "a requirement effective only when active does not keep it from resolving");
        assertFalse(resolved(dynamic), "a dynamic import does not keep it from resolving");
    }

    @Test
    void aRefusedBundleWithAMandatoryRequirementDoesNotKeepAnAdmittedOneOfTheSameResolveFromResolving() throws Exception {
        Bundle signed = install("signed.jar", importingFromHost("com.acme.signed").signedBy(publisher));
        Bundle unsigned = install("u1.jar", importingFromHost("com.acme.u1").build());
        Bundle unsignedWithOptional = install("u2.jar", bundle("com.acme.u2")
                .header("Import-Package", "com.acme.host;version=\"[1,2)\",com.acme.absent;resolution:=optional").build());
        resolve(signed, unsigned, unsignedWithOptional);
        assertTrue(resolved(signed), "refused bundles that cannot resolve anyway stay in the resolve, so it succeeds");
        assertFalse(resolved(unsigned));
        assertFalse(resolved(unsignedWithOptional));
    }

    @Test
    void aRefusedBundleWithoutRequirementsNeverResolvesThoughItCostsAnAdmittedOneOfTheSameResolve() throws Exception {
        Bundle signed = install("signed.jar", importingFromHost("com.acme.signed").signedBy(publisher));
        Bundle bare = install("bare.jar", bundle("com.acme.bare").build());
        resolve(signed, bare);
        assertFalse(resolved(bare));
        // Felix drops every resolved bundle's capabilities from a resolve whose resolvable set a hook shrank, so the
        // admitted bundle misses its import from the system bundle in this resolve: a known cost, it resolves alone
        assertFalse(resolved(signed));
        assertTrue(resolve(signed));
        assertFalse(resolved(bare));
    }

    @Test
    void anAdmittedBundleIsNeverWiredToAnUnverifiedExporter() throws Exception {
        Bundle unsignedExporter = install("exporter-unsigned.jar", exporter("com.acme.exporter.unsigned").build());
        Bundle signedImporter = install("importer.jar", importer("com.acme.importer").signedBy(publisher));
        assertFalse(resolve(signedImporter));
        assertFalse(resolved(signedImporter), "wired to the only exporter, which is unsigned");
        assertFalse(resolved(unsignedExporter));
        Bundle signedExporter = install("exporter-signed.jar", exporter("com.acme.exporter.signed").signedBy(publisher));
        assertTrue(resolve(signedImporter));
        List<BundleWire> wires = signedImporter.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package");
        assertEquals(1, wires.size());
        assertEquals(signedExporter, wires.get(0).getProvider().getBundle());
        assertFalse(resolved(unsignedExporter));
    }

    @Test
    void anUnsignedImporterIsNotWiredToASignedExporter() throws Exception {
        Bundle signedExporter = install("exporter.jar", exporter("com.acme.exporter").signedBy(publisher));
        assertTrue(resolve(signedExporter));
        Bundle unsignedImporter = install("importer.jar", importer("com.acme.importer").build());
        assertFalse(resolve(unsignedImporter));
        assertFalse(resolved(unsignedImporter));
    }

    @Test
    void exemptedAndAdmittedBundlesResolveUnverified() throws Exception {
        Bundle before = install("before.jar", importingFromHost("com.acme.before").build());
        gate.exempt(new Bundle[] {before, felix.framework()});
        assertTrue(resolve(before));
        Bundle admitted = install("admitted.jar", importingFromHost("com.acme.admitted").build());
        gate.admit(admitted);
        assertTrue(resolve(admitted));
        assertNull(gate.refusal(admitted));
        assertTrue(log.list.isEmpty(), "nothing verified: " + log.list);
    }

    @Test
    void aRevisionThatIsNoLongerTheBundlesCurrentOneIsRefused() throws Exception {
        Bundle bundle = install("changing.jar", importingFromHost("com.acme.changing").build());
        BundleRevision old = bundle.adapt(BundleRevision.class);
        bundle.update(new ByteArrayInputStream(importingFromHost("com.acme.changing").signedBy(publisher)));
        assertFalse(gate.allowed(old));
        assertTrue(logged("WARN", "revision is not the bundle's current one"), log.list.toString());
        assertTrue(resolve(bundle), "the current, signed revision resolves");
    }

    @Test
    void aRevisionWhoseContentCannotBeReadIsRefused() throws Exception {
        Bundle bundle = install("gone.jar", importingFromHost("com.acme.gone").signedBy(publisher));
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        bundle.uninstall();
        assertFalse(gate.allowed(revision));
        assertTrue(log.list.stream().anyMatch(e -> e.getLevel().toString().equals("WARN")), log.list.toString());
    }

    @Test
    void noRevisionMeansNothingToGate() {
        assertTrue(gate.allowed(null));
        assertTrue(gate.allowed(felix.framework().adapt(BundleRevision.class)));
        assertNull(gate.refusal(felix.framework()));
    }
}
