package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.PatchbayException;
import io.patchbay.framework.impl.container.InstalledContent;
import io.patchbay.framework.impl.feature.FeatureGuard;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * "Re-checked whoever installs": a resolver hook that keeps every bundle revision the publisher gate has not
 * admitted from resolving, so a bundle installed behind Patchbay's back (another bundle's
 * {@code BundleContext.installBundle}, the host's {@code bundleContext()}) cannot run unless it is signed by a
 * trusted publisher.
 *
 * <p>The rule, per revision that asks to resolve:
 * <ol>
 *   <li>the system bundle, and revisions that already existed when Patchbay attached to a running framework
 *       (that framework's own bundles, e.g. a test container's), are exempt;</li>
 *   <li>revisions Patchbay installed from verified bytes (swaps, start-up) are admitted when installed;</li>
 *   <li>any other revision is verified from the content the container holds for it (rebuilt entry by entry, so
 *       the location cannot point elsewhere than what is loaded); it is admitted if it passes, otherwise refused for
 *       good and the reason logged.</li>
 * </ol>
 *
 * <p>How a refused revision is kept from resolving: {@code filterMatches} gives its requirements no candidates and
 * removes its capabilities from everyone else's, so it can neither resolve nor be wired to. It is removed in
 * {@code filterResolvable} only when every trigger of the resolve is refused, or when it has no mandatory requirement
 * (it would otherwise resolve, and its activator's static initialiser could run). Felix, once a hook shrinks the
 * resolvable set, also drops the capabilities of already-resolved bundles (the system bundle included) for the rest of
 * that resolve, so removing a refused revision from a resolve that also carries admitted ones would make those fail too.
 */
public final class RevisionGate implements ResolverHookFactory {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RevisionGate.class);

    private final PublisherGate gate;
    private final FeatureGuard features;
    private final Set<BundleRevision> admitted = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Map<BundleRevision, String> refused = Collections.synchronizedMap(new WeakHashMap<>());

    public RevisionGate(PublisherGate gate) {
        this(gate, null);
    }

    /** @param features holds back unlicensed bundles; null for none (the publisher gate only) */
    public RevisionGate(PublisherGate gate, FeatureGuard features) {
        this.gate = gate;
        this.features = features;
    }

    /** Admits the current revision of a bundle Patchbay installed or updated from verified bytes. */
    public void admit(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision != null) {
            admitted.add(revision);
        }
    }

    /** Exempts the current revisions of bundles that were there before Patchbay attached. */
    public void exempt(Bundle[] bundles) {
        for (Bundle bundle : bundles) {
            admit(bundle);
        }
    }

    /** Why a revision was refused, if it was. */
    public String refusal(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        return revision == null ? null : refused.get(revision);
    }

    @Override
    public ResolverHook begin(Collection<BundleRevision> triggers) {
        // one resolve sees one answer per revision, even if a license changes while it runs
        Map<BundleRevision, Boolean> decided = new ConcurrentHashMap<>();
        java.util.function.Predicate<BundleRevision> allowed = revision -> revision == null
                || decided.computeIfAbsent(revision, r -> allowed(r) && licensed(r));
        return new ResolverHook() {
            @Override
            public void filterResolvable(Collection<BundleRevision> candidates) {
                boolean allRefused = triggers.stream().noneMatch(allowed);
                candidates.removeIf(revision -> triggers.contains(revision) && !allowed.test(revision)
                        && (allRefused || !hasMandatoryRequirement(revision)));
            }

            @Override
            public void filterSingletonCollisions(BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {
                // singleton handling is the framework's
            }

            @Override
            public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
                if (!allowed.test(requirement.getRevision())) {
                    candidates.clear();
                    return;
                }
                candidates.removeIf(c -> c.getRevision().getWiring() == null && !allowed.test(c.getRevision()));
            }

            @Override
            public void end() {
                // nothing held per resolve
            }
        };
    }

    /** A requirement the resolver must satisfy; a refused revision with one can never resolve once its matches are emptied. */
    private static boolean hasMandatoryRequirement(BundleRevision revision) {
        for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
            Map<String, String> directives = requirement.getDirectives();
            String resolution = directives.getOrDefault(Constants.RESOLUTION_DIRECTIVE, Constants.RESOLUTION_MANDATORY);
            String effective = directives.getOrDefault(Constants.EFFECTIVE_DIRECTIVE, Constants.EFFECTIVE_RESOLVE);
            if (Constants.RESOLUTION_MANDATORY.equals(resolution) && Constants.EFFECTIVE_RESOLVE.equals(effective)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the feature guard lets an unresolved revision resolve now; resolved ones are not asked again. */
    private boolean licensed(BundleRevision revision) {
        if (features == null || revision.getWiring() != null) {
            return true;
        }
        Bundle bundle = revision.getBundle();
        String held = features.holdReason(bundle);
        if (held != null) {
            LOG.debug("bundle {} ({}) may not resolve now: {}", bundle.getSymbolicName(), bundle.getLocation(), held);
            return false;
        }
        return true;
    }

    boolean allowed(BundleRevision revision) {
        if (revision == null) {
            return true;
        }
        Bundle bundle = revision.getBundle();
        if (bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID || admitted.contains(revision)) {
            return true;
        }
        if (refused.containsKey(revision)) {
            return false;
        }
        String reason = verifyInstalled(revision, bundle);
        if (reason == null) {
            LOG.info("admitted bundle {} ({}) installed outside Patchbay: signed by a trusted publisher",
                    bundle.getSymbolicName(), bundle.getLocation());
            admitted.add(revision);
            return true;
        }
        LOG.warn("bundle {} ({}) may not resolve: {}", bundle.getSymbolicName(), bundle.getLocation(), reason);
        refused.put(revision, reason);
        return false;
    }

    private String verifyInstalled(BundleRevision revision, Bundle bundle) {
        if (bundle.adapt(BundleRevision.class) != revision) {
            return "revision is not the bundle's current one";
        }
        try {
            gate.verify(bundle.getLocation(), InstalledContent.rebuild(bundle));
            return null;
        } catch (PatchbayException e) {
            return e.getMessage();
        } catch (java.io.IOException | RuntimeException e) {
            return "its content cannot be read for verification: " + e;
        }
    }
}
