package io.patchbay.framework.impl.verify;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * Checks that a jar held in memory is completely signed by trusted publishers, with the semantics of
 * {@code jarsigner -verify -strict}: every entry but the signing files is covered by a digest in the manifest, a .SF
 * file vouches for that manifest section (or the whole manifest), a signature block verifies over the .SF, and its
 * signer chains to a trusted publisher valid now.
 *
 * <p>Bounded, cheapest refusal first, so a hostile jar costs little: the central directory is read and checked
 * against the {@link VerifyLimits} ({@link ZipIndex}); then, with nothing but the signing files inflated, a jar
 * without a signature, with an untrusted or invalid signer, with a manifest the .SF does not vouch for, or with an
 * entry no trusted signature covers is refused; only then is entry content inflated (never beyond its declared
 * size) and digested. The central directory is what the container loads through, so it is what is verified.
 */
final class JarSignatureCheck {
    private final SignerTrust trust;
    private final VerifyLimits limits;

    JarSignatureCheck(SignerTrust trust, VerifyLimits limits) {
        this.trust = trust;
        this.limits = limits;
    }

    /** Returns the jar's manifest when every entry is signed by a trusted, valid publisher. */
    Manifest check(String artifact, byte[] bytes, EntryReader.Meter meter) {
        ZipIndex index = ZipIndex.read(artifact, bytes, limits);
        JarLayout layout = JarLayout.of(artifact, index);
        if (layout.manifest == null) {
            throw new BundleRejectedException(artifact, Reason.INVALID_HEADERS, "the jar has no " + JarLayout.MANIFEST);
        }
        String noSignature = layout.signers.isEmpty() ? " (the jar carries no signature)" : "";
        if (layout.content.isEmpty()) {
            // nothing but a manifest: no signer vouches for its headers (imports, fragment host, capabilities)
            throw Refusal.unsigned(artifact, "the jar has no signed content" + noSignature);
        }
        if (layout.signers.isEmpty()) {
            throw Refusal.unsigned(artifact, "entry " + layout.content.get(0).name() + " is not signed" + noSignature);
        }
        if (!layout.unsigned.isEmpty()) {
            throw Refusal.unsigned(artifact, "entry " + layout.unsigned.get(0).name() + " is not signed (META-INF may hold"
                    + " signing files, but no SIG-* file, nor a .SF or block file without its partner)");
        }
        if (layout.signers.size() > limits.maxSigners()) {
            throw Refusal.oversized(artifact, "the jar has " + layout.signers.size() + " signers, more than the limit of "
                    + limits.maxSigners());
        }
        try (EntryReader reader = new EntryReader(artifact, bytes, meter)) {
            Signers signers = signers(artifact, layout, reader);
            byte[] manifestBytes = reader.readAll(layout.manifest, limits.maxManifestBytes(), "the manifest");
            ManifestSections sections = ManifestSections.of(artifact, JarLayout.MANIFEST, manifestBytes, limits.maxEntries());
            if (sections.sectionCount() != sections.nameCount()) {
                throw new BundleRejectedException(artifact, Reason.INVALID_HEADERS, "the manifest names an entry in two sections");
            }
            Digests digests = new Digests();
            List<SignatureFile.Coverage> coverage = new ArrayList<>();
            for (Signers.Trusted signer : signers.trusted()) {
                coverage.add(SignatureFile.covered(artifact, signer.sfName(), signer.sfBytes(), manifestBytes, sections,
                        digests, limits.maxEntries()));
            }
            for (ZipIndex.Entry entry : layout.content) {
                requireCovered(artifact, entry.name(), coverage, signers);
            }
            requireSectionsVouched(artifact, sections, coverage);
            Manifest manifest = parse(artifact, manifestBytes);
            List<List<Digests.Expected>> expected = new ArrayList<>(layout.content.size());
            for (ZipIndex.Entry entry : layout.content) {
                List<Digests.Expected> digest = digests.expected(manifest.getAttributes(entry.name()), "-Digest");
                if (digest.isEmpty()) {
                    throw Refusal.unsigned(artifact, "entry " + entry.name() + " is not signed (no SHA-2 digest of it in the manifest)");
                }
                expected.add(digest);
            }
            requireSignedEntriesPresent(artifact, manifest, index);
            for (int i = 0; i < layout.content.size(); i++) {
                requireDigests(artifact, reader, layout.content.get(i), expected.get(i));
            }
            for (ZipIndex.Entry entry : layout.other) {
                // directories: unsigned by definition, but must be sound zip data
                reader.read(entry, (b, off, len) -> { });
            }
            return manifest;
        }
    }

    /**
     * Every signer's block read; a trusted signer's signature verified over its .SF (an untrusted one's never is:
     * it counts for nothing, and its key is the attacker's choice). Refused here if no signer is trusted, before any
     * manifest work.
     */
    private Signers signers(String artifact, JarLayout layout, EntryReader reader) {
        Signers signers = new Signers();
        int count = 0;
        for (JarLayout.Signer files : layout.signers) {
            String sfName = files.signatureFile().name();
            byte[] sf = reader.readAll(files.signatureFile(), limits.maxSignatureFileBytes(), "signature file");
            for (ZipIndex.Entry blockEntry : files.blocks()) {
                byte[] block = reader.readAll(blockEntry, limits.maxSignatureBlockBytes(), "signature block");
                for (SignatureBlock.Signer signer : SignatureBlock.read(artifact, blockEntry.name(), block, sf,
                        limits.maxSigners())) {
                    if (++count > limits.maxSigners()) {
                        throw Refusal.oversized(artifact, "the jar has more than " + limits.maxSigners() + " signers (limit)");
                    }
                    Optional<SignerTrust.Refusal> refusal = trust.evaluate(signer.path());
                    if (refusal.isEmpty() && !signer.verifies()) {
                        throw Refusal.tampered(artifact, "signature block " + blockEntry.name() + " does not verify over "
                                + sfName + " (signer " + SignerTrust.describe(signer.path().get(0)) + ")");
                    }
                    signers.add(sfName, sf, refusal);
                }
            }
        }
        if (signers.trusted().isEmpty()) {
            SignerTrust.Refusal first = signers.firstRefusal();
            throw new BundleRejectedException(artifact, first.reason(), first.detail());
        }
        return signers;
    }

    /** An entry no trusted signature file vouches for is refused, by name alone, before the manifest is parsed. */
    private static void requireCovered(String artifact, String name, List<SignatureFile.Coverage> coverage, Signers signers) {
        for (SignatureFile.Coverage c : coverage) {
            if (c.entries().contains(name)) {
                return;
            }
        }
        SignerTrust.Refusal untrusted = signers.firstRefusal();
        if (untrusted != null) {
            // a signer that is not trusted may vouch for it: say why that signer does not count
            throw new BundleRejectedException(artifact, untrusted.reason(), "entry " + name + ": " + untrusted.detail());
        }
        throw Refusal.unsigned(artifact, "entry " + name + " is not signed (no trusted signature file covers it)");
    }

    /**
     * Unless a trusted .SF vouches for the whole manifest, every manifest section must be one a trusted .SF lists
     * (jarsigner lists them all): a section no signer vouches for was added after signing. Checked on the raw
     * sections, before the manifest is parsed, so a manifest flooded with sections costs one scan.
     */
    private static void requireSectionsVouched(String artifact, ManifestSections sections, List<SignatureFile.Coverage> coverage) {
        if (coverage.stream().anyMatch(SignatureFile.Coverage::wholeManifest)) {
            return;
        }
        for (String name : sections.names()) {
            if (coverage.stream().noneMatch(c -> c.sections().contains(name))) {
                throw Refusal.tampered(artifact, "the manifest section of " + name
                        + " is vouched for by no trusted signature file: it was added after signing");
            }
        }
    }

    /** A name the manifest signs but the jar lacks means an entry was removed after signing. */
    private static void requireSignedEntriesPresent(String artifact, Manifest manifest, ZipIndex index) {
        for (Map.Entry<String, Attributes> section : manifest.getEntries().entrySet()) {
            boolean hasDigest = section.getValue().keySet().stream()
                    .anyMatch(k -> k.toString().toUpperCase(java.util.Locale.ROOT).endsWith("-DIGEST"));
            if (hasDigest && index.get(section.getKey()) == null) {
                throw Refusal.tampered(artifact, "entry " + section.getKey() + " is signed in the manifest but missing from the jar");
            }
        }
    }

    private static void requireDigests(String artifact, EntryReader reader, ZipIndex.Entry entry,
                                       List<Digests.Expected> expected) {
        reader.read(entry, (b, off, len) -> {
            for (Digests.Expected digest : expected) {
                digest.digest().update(b, off, len);
            }
        });
        for (Digests.Expected digest : expected) {
            if (!MessageDigest.isEqual(digest.digest().digest(), digest.value())) {
                throw Refusal.tampered(artifact, "entry " + entry.name() + ": " + digest.algorithm()
                        + " digest differs from the signed manifest");
            }
        }
    }

    private static Manifest parse(String artifact, byte[] manifestBytes) {
        try {
            return new Manifest(new ByteArrayInputStream(manifestBytes));
        } catch (IOException | RuntimeException e) {
            throw Refusal.corrupt(artifact, "the manifest cannot be parsed: " + e.getMessage());
        }
    }

    /** The signers found: the .SF files of trusted ones, and why the first untrusted one is not. */
    private static final class Signers {
        record Trusted(String sfName, byte[] sfBytes) {
        }

        private final List<Trusted> trusted = new ArrayList<>();
        private SignerTrust.Refusal firstRefusal;

        void add(String sfName, byte[] sfBytes, Optional<SignerTrust.Refusal> refusal) {
            if (refusal.isPresent()) {
                firstRefusal = firstRefusal == null ? refusal.get() : firstRefusal;
            } else if (trusted.stream().noneMatch(t -> t.sfName().equals(sfName))) {
                trusted.add(new Trusted(sfName, sfBytes));
            }
        }

        List<Trusted> trusted() {
            return trusted;
        }

        SignerTrust.Refusal firstRefusal() {
            return firstRefusal;
        }
    }
}
