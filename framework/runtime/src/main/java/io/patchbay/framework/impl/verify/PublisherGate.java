package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import io.patchbay.framework.api.Patch;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.impl.store.Sha256;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Manifest;
import org.osgi.framework.Version;

/**
 * The publisher gate (swap step VERIFY): a bundle passes only if it is a sane OSGi bundle, completely JAR-signed
 * by a trusted publisher whose certificates are valid now, and fits the patch and the committed level.
 */
public final class PublisherGate {

    private final JarSignatureCheck signatures;
    private final EntryReader.Meter meter;

    /**
     * The gate with the default {@link VerifyLimits}. {@code tempDirectory} is no longer used: jars are verified
     * from memory. The parameter stays so callers need not change.
     */
    public PublisherGate(Path tempDirectory, SignerTrust trust) {
        this(trust, VerifyLimits.DEFAULTS);
    }

    public PublisherGate(SignerTrust trust, VerifyLimits limits) {
        this(trust, limits, EntryReader.Meter.NONE);
    }

    /** With a meter that sees every entry inflated: for tests proving what a refusal cost. */
    PublisherGate(SignerTrust trust, VerifyLimits limits, EntryReader.Meter meter) {
        this.signatures = new JarSignatureCheck(trust, limits);
        this.meter = meter;
    }

    /** Verifies one jar on its own: signature and headers. */
    public VerifiedBundle verify(String artifactName, byte[] bytes) {
        Manifest manifest = signatures.check(artifactName, bytes, meter);
        BundleHeaders.Identity identity = BundleHeaders.check(artifactName, manifest);
        return new VerifiedBundle(artifactName, identity.symbolicName(), identity.version(), Sha256.hex(bytes), bytes);
    }

    /**
     * Verifies every bundle of {@code patch} against the committed level: see {@link #verifyArtifacts} and
     * {@link #checkAgainst}.
     */
    public List<VerifiedBundle> verify(Patch patch, PatchLevel committed) {
        List<VerifiedBundle> verified = verifyArtifacts(patch);
        checkAgainst(patch, verified, committed);
        return verified;
    }

    /**
     * Verifies each jar of {@code patch} (signature and headers, the expensive part, which needs no lock) and that
     * they fit together: no symbolic name twice, each {@code replaces} matching.
     */
    public List<VerifiedBundle> verifyArtifacts(Patch patch) {
        List<VerifiedBundle> verified = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (Patch.Artifact artifact : patch.artifacts()) {
            VerifiedBundle bundle = verify(artifact.name(), artifact.bytes());
            String bsn = bundle.symbolicName();
            if (artifact.replaces() != null && !artifact.replaces().equals(bsn)) {
                throw new BundleRejectedException(artifact.name(), Reason.REPLACES_MISMATCH,
                        "meant to replace " + artifact.replaces() + " but its Bundle-SymbolicName is " + bsn);
            }
            String other = seen.putIfAbsent(bsn, artifact.name());
            if (other != null) {
                throw new BundleRejectedException(artifact.name(), Reason.DUPLICATE_IN_PATCH,
                        "symbolic name " + bsn + " is also in " + other + " of the same patch");
            }
            verified.add(bundle);
        }
        return verified;
    }

    /** No version lower than the committed one unless the patch allows it; cheap, so checked again under the swap lock. */
    public void checkAgainst(Patch patch, List<VerifiedBundle> verified, PatchLevel committed) {
        if (patch.allowDowngrade()) {
            return;
        }
        for (VerifiedBundle bundle : verified) {
            Optional<PatchLevel.BundleRecord> current = committed.bundle(bundle.symbolicName());
            if (current.isPresent()) {
                Version committedVersion = Version.parseVersion(current.get().version());
                if (bundle.version().compareTo(committedVersion) < 0) {
                    throw new BundleRejectedException(bundle.artifactName(), Reason.UNINTENDED_DOWNGRADE,
                            bundle.symbolicName() + " " + bundle.version() + " is lower than the committed "
                                    + committedVersion + " (level " + committed.sequence()
                                    + "); allow downgrades on the patch to apply it");
                }
            }
        }
    }
}
