package io.patchbay.framework.itest.container;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.sample.feature.api.Greeter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.After;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Runs inside the container: attaches a Patchbay to it, committing formatter 1.0.0 and greeter 1.0.0
 * as the first patch level, and offers ways to look at the container through real OSGi objects.
 * Every test method gets a fresh container (Pax Exam's per-method reactor, the default).
 */
public abstract class PatchbayInContainer {

    /** A name whose formatting differs between formatter 1.0.0 ("Ada lovelace") and 1.1.0 ("Ada Lovelace"). */
    protected static final String NAME = "ada lovelace";
    protected static final String V1_WITH_FORMATTER_V1 = "Hello, Ada lovelace (v1)";
    protected static final String V2_WITH_FORMATTER_V1 = "Hello, Ada lovelace! Nice to see you (v2)";
    protected static final String V2_WITH_FORMATTER_V2 = "Hello, Ada Lovelace! Nice to see you (v2)";

    protected BundleContext context;
    protected Path dataDirectory;
    protected Patchbay patchbay;

    @Configuration
    public Option[] configuration() {
        return ContainerOptions.standard();
    }

    @Before
    public void attachPatchbay() throws IOException {
        context = FrameworkUtil.getBundle(getClass()).getBundleContext();
        Path work = Path.of(TestBundles.required("itest.work.dir"));
        Files.createDirectories(work);
        dataDirectory = Files.createTempDirectory(work, "patchbay-data-");
        patchbay = Patchbay.builder()
                .dataDirectory(dataDirectory)
                .trustPublishers(TestBundles.trustStore(), TestBundles.trustPassword())
                .initialBundles(List.of(TestBundles.formatter(), TestBundles.greeter()))
                .healthTimeout(Duration.ofSeconds(5))
                .serviceWaitTimeout(Duration.ofSeconds(5))
                .attach(context);
        assertEquals("the first committed level runs greeter 1.0.0 on formatter 1.0.0",
                V1_WITH_FORMATTER_V1, greetThroughRegistry());
    }

    @After
    public void stopPatchbay() throws IOException {
        if (patchbay != null) {
            patchbay.stop();
        }
        // The container goes with the test method; the data directory would only pile up under target/.
        try (Stream<Path> files = Files.walk(dataDirectory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    protected static Patch patch(Path... jars) {
        return Patch.of(jars);
    }

    /**
     * Greets {@link #NAME} through the one registered {@link Greeter} service, asserting that there is
     * exactly one: a half-swapped container would show none or two.
     */
    protected String greetThroughRegistry() {
        Collection<ServiceReference<Greeter>> references;
        try {
            references = context.getServiceReferences(Greeter.class, null);
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
        assertEquals("registered Greeter services " + references, 1, references.size());
        ServiceReference<Greeter> reference = references.iterator().next();
        Greeter greeter = context.getService(reference);
        assertNotNull("the Greeter service went away", greeter);
        try {
            return greeter.greet(NAME);
        } finally {
            context.ungetService(reference);
        }
    }

    /** Greets {@link #NAME} the way a host does: through Patchbay's service access point. */
    protected String greetThroughPatchbay() {
        return patchbay.service(Greeter.class).call(greeter -> greeter.greet(NAME));
    }

    /** The one installed bundle named {@code symbolicName}; fails if there are none or several. */
    protected Bundle installed(String symbolicName) {
        List<Bundle> matches = Arrays.stream(context.getBundles())
                .filter(b -> symbolicName.equals(b.getSymbolicName()))
                .collect(Collectors.toList());
        assertEquals("installed bundles named " + symbolicName + ": " + matches, 1, matches.size());
        return matches.get(0);
    }

    protected String committedVersion(PatchLevel level, String symbolicName) {
        return level.bundle(symbolicName)
                .orElseThrow(() -> new AssertionError(symbolicName + " is not in patch level " + level))
                .version();
    }

    /** Every installed bundle by id: its name, version, state and current revision (by identity). */
    protected Map<Long, BundleSnapshot> snapshot() {
        Map<Long, BundleSnapshot> bundles = new TreeMap<>();
        for (Bundle bundle : context.getBundles()) {
            bundles.put(bundle.getBundleId(), new BundleSnapshot(bundle.getSymbolicName(),
                    bundle.getVersion().toString(), bundle.getState(), bundle.adapt(BundleRevision.class),
                    bundle.getLastModified()));
        }
        return bundles;
    }

    /**
     * What must not change when a patch is refused. The revision is compared by identity (Felix
     * revisions do not override equals): an update or refresh, even to the same bytes, makes a new one.
     */
    protected record BundleSnapshot(String symbolicName, String version, int state, BundleRevision revision,
                                    long lastModified) {
    }
}
