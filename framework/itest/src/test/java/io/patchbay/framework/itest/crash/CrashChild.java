package io.patchbay.framework.itest.crash;

import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchRefusedException;
import io.patchbay.framework.api.PatchbayBuilder;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapEvent;
import io.patchbay.framework.api.SwapResult;
import io.patchbay.framework.api.SwapStep;
import io.patchbay.framework.itest.support.TestBundles;
import io.patchbay.testsupport.ChildJvm;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;

/**
 * The JVM the crash test kills. Embeds Patchbay with {@code PatchbayBuilder.start()} on a data
 * directory whose first level is feature API + formatter 1.0.0 + greeter 1.0.0, then either
 * <ul>
 *   <li>{@code apply DIR PATCH [STEP EVENT N]}: applies a named patch, printing every swap event (and
 *       the bundle events of a rollback, see {@link KillPoint}); at the kill point it prints
 *       {@code KILL-POINT ...} and blocks the swap forever, waiting to be killed;</li>
 *   <li>{@code apply-file DIR JAR [retry]}: applies one jar as a patch (with {@code retry}, marked
 *       {@code retryingCrashed}) and prints its RESULT, with the refusal reason when refused;</li>
 *   <li>{@code report DIR}: prints the running bundles, the committed patch level, a greeting and the swap
 *       history, then stops cleanly.</li>
 * </ul>
 * A publisher certificate named by {@code -Ditest.extra.trust=PEM} is trusted besides the build's.
 * Output lines start with a keyword; logging goes to stderr.
 */
public final class CrashChild {

    static final String GREETING_NAME = "ada lovelace";

    private static final PrintStream OUT = System.out;

    /** The bundle events that mark progress inside a rollback. */
    private static final Map<Integer, String> BUNDLE_EVENTS = Map.of(
            BundleEvent.INSTALLED, "INSTALLED", BundleEvent.UPDATED, "UPDATED",
            BundleEvent.STARTED, "STARTED", BundleEvent.UNINSTALLED, "UNINSTALLED");

    private CrashChild() {
    }

    /** Starts a child JVM running this class with {@code args}, passing on where the bundles under test are. */
    static ChildJvm start(Path log, String... args) {
        return start(log, List.of(), args);
    }

    /** The same, with extra JVM options (such as {@code -Ditest.extra.trust=PEM}). */
    static ChildJvm start(Path log, List<String> options, String... args) {
        List<String> properties = new ArrayList<>(options);
        for (String property : TestBundles.PROPERTIES) {
            properties.add("-D" + property + "=" + TestBundles.required(property));
        }
        return ChildJvm.start(log, properties, CrashChild.class, args);
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        PatchbayBuilder builder = Patchbay.builder()
                .dataDirectory(Path.of(args[1]))
                .trustPublishers(TestBundles.trustStore(), TestBundles.trustPassword())
                .initialBundles(List.of(TestBundles.featureApi(), TestBundles.formatter(), TestBundles.greeter()))
                .healthTimeout(Duration.ofSeconds(5));
        String extraTrust = System.getProperty("itest.extra.trust");
        if (extraTrust != null) {
            try (InputStream in = Files.newInputStream(Path.of(extraTrust))) {
                builder.trustPublisher((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
        }
        Patchbay patchbay = builder.start();
        int exitCode;
        if ("apply".equals(mode)) {
            exitCode = apply(patchbay, args[2], args.length > 3 ? KillPoint.parse(args[3]) : null);
        } else if ("apply-file".equals(mode)) {
            Patch patch = Patch.of(Path.of(args[2]));
            SwapResult result = patchbay.apply(args.length > 3 && args[3].equals("retry") ? patch.retryingCrashed() : patch);
            line("RESULT " + result.outcome() + (result.cause() instanceof PatchRefusedException refused
                    ? " " + refused.reason() : ""));
            exitCode = 0;
        } else if ("report".equals(mode)) {
            report(patchbay);
            exitCode = 0;
        } else {
            throw new IllegalArgumentException("unknown mode " + mode);
        }
        patchbay.stop();
        OUT.flush();
        System.exit(exitCode);
    }

    /** The patches the crash test applies, by name. */
    static Patch patch(String name) {
        return switch (name) {
            case "commit" -> Patch.of(name, List.of(TestBundles.formatterUpdate(), TestBundles.greeterUpdate()));
            case "health-fails" -> Patch.of(name, List.of(TestBundles.formatterUpdate(), TestBundles.greeterUnhealthy()));
            case "start-fails" -> Patch.of(name, List.of(TestBundles.formatterUpdate(), TestBundles.greeterThrowingActivator()));
            default -> throw new IllegalArgumentException("unknown patch " + name);
        };
    }

    private static int apply(Patchbay patchbay, String patchName, KillPoint killPoint) {
        Map<String, Integer> seen = new HashMap<>();
        AtomicReference<SwapStep> currentStep = new AtomicReference<>();
        patchbay.addListener(event -> {
            if (event.phase() == SwapEvent.Phase.STARTED) {
                currentStep.set(event.step());
            }
            reached(new KillPoint(event.step(), event.phase().name(), 0), seen, killPoint);
        });
        // Synchronous: called on the thread that updates or starts the bundle, so blocking here stops the
        // rollback between one bundle and the next.
        patchbay.bundleContext().addBundleListener((SynchronousBundleListener) event -> {
            String type = BUNDLE_EVENTS.get(event.getType());
            if (type != null && currentStep.get() == SwapStep.ROLLBACK) {
                reached(new KillPoint(SwapStep.ROLLBACK, KillPoint.BUNDLE_EVENT_PREFIX + type, 0), seen, killPoint);
            }
        });
        SwapResult result = patchbay.apply(patch(patchName));
        line("RESULT " + result.outcome() + (result.cause() == null ? "" : " " + oneLine(result.cause())));
        if (killPoint != null) {
            line("KILL-POINT-NOT-REACHED " + killPoint.format());
            return 3;
        }
        return 0;
    }

    /** Prints the event with its ordinal, and blocks forever if it is the kill point. */
    private static synchronized void reached(KillPoint uncounted, Map<String, Integer> seen, KillPoint killPoint) {
        int ordinal = seen.merge(uncounted.step() + " " + uncounted.event(), 1, Integer::sum);
        KillPoint here = new KillPoint(uncounted.step(), uncounted.event(), ordinal);
        line("EVENT " + here.format());
        if (here.equals(killPoint)) {
            line("KILL-POINT " + here.format());
            blockForever();
        }
    }

    private static void report(Patchbay patchbay) throws Exception {
        BundleContext context = patchbay.bundleContext();
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getBundleId() != 0) {
                line("BUNDLE " + bundle.getSymbolicName() + " " + bundle.getVersion() + " " + stateName(bundle.getState()));
            }
        }
        PatchLevel level = patchbay.patchLevel();
        line("LEVEL " + level.sequence());
        for (PatchLevel.BundleRecord record : level.bundles()) {
            line("LEVEL-BUNDLE " + record.symbolicName() + " " + record.version() + " " + record.sha256());
        }
        line("GREETING " + greet(context));
        for (SwapRecord record : patchbay.patches().history(100)) {
            line("HISTORY " + record.outcome() + " " + record.patchId() + " " + record.transactionId());
        }
        line("END");
    }

    /** Calls the Greeter service reflectively: its interface lives in a bundle, not on this class path. */
    private static String greet(BundleContext context) throws Exception {
        // getAll...: this JVM's class path cannot see the Greeter interface, so the compatibility filter of
        // getServiceReferences would hide the service from the system bundle.
        ServiceReference<?>[] references = context.getAllServiceReferences(TestBundles.FEATURE_API_PACKAGE + ".Greeter", null);
        if (references == null) {
            return "<no Greeter service>";
        }
        if (references.length != 1) {
            return "<" + references.length + " Greeter services>";
        }
        Object greeter = context.getService(references[0]);
        Class<?> type = references[0].getBundle().loadClass(TestBundles.FEATURE_API_PACKAGE + ".Greeter");
        Method greet = type.getMethod("greet", String.class);
        try {
            return (String) greet.invoke(greeter, GREETING_NAME);
        } finally {
            context.ungetService(references[0]);
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static void blockForever() {
        CountDownLatch never = new CountDownLatch(1);
        while (true) {
            try {
                never.await();
            } catch (InterruptedException ignored) {
                // Keep blocking: only SIGKILL may end this JVM now.
            }
        }
    }

    private static String oneLine(Throwable t) {
        return String.valueOf(t).replace('\n', ' ');
    }

    private static synchronized void line(String text) {
        OUT.println(text);
        OUT.flush();
    }
}
