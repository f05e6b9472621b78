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
            List<Set<String>> coverage = new ArrayList<>();
            for (Signers.Trusted signer : signers.trusted()) {
                coverage.add(SignatureFile.covered(artifact, signer.sfName(), signer.sfBytes(), manifestBytes, sections,
                        digests, limits.maxEntries()));
            }
            Manifest manifest = parse(artifact, manifestBytes);
            List<List<Digests.Expected>> expected = new ArrayList<>(layout.content.size());
            for (ZipIndex.Entry entry : layout.content) {
                expected.add(requireCovered(artifact, entry.name(), manifest, coverage, digests, signers));
            }
            requireSignedEntriesPresent(artifact, manifest, index);
            for (int i = 0; i < layout.content.size(); i++) {
                requireDigests(artifact, reader, layout.content.get(i), expected.get(i));
            }
            for (ZipIndex.Entry entry : layout.other) {
                // unsigned by definition (directories, SIG-* files, unpaired signing files), but must be sound zip data
                reader.read(entry, (b, off, len) -> { });
            }
            return manifest;
        }
    }

    /** Every signer's block verified over its .SF; refused here if none is trusted, before any manifest work. */
    private Signers signers(String artifact, JarLayout layout, EntryReader reader) {
        Signers signers = new Signers();
        for (JarLayout.Signer files : layout.signers) {
            String sfName = files.signatureFile().name();
            byte[] sf = reader.readAll(files.signatureFile(), limits.maxSignatureFileBytes(), "signature file");
            for (ZipIndex.Entry blockEntry : files.blocks()) {
                byte[] block = reader.readAll(blockEntry, limits.maxSignatureBlockBytes(), "signature block");
                for (SignatureBlock.Signer signer : SignatureBlock.verify(artifact, blockEntry.name(), block, sf,
                        limits.maxSigners())) {
                    Optional<SignerTrust.Refusal> refusal = trust.evaluate(signer.path());
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

    /** The digests an entry's content must match; refused unless a trusted signer vouches for its manifest section. */
    private static List<Digests.Expected> requireCovered(String artifact, String name, Manifest manifest,
                                                         List<Set<String>> coverage, Digests digests, Signers signers) {
        List<Digests.Expected> expected = digests.expected(manifest.getAttributes(name), "-Digest");
        boolean covered = coverage.stream().anyMatch(names -> names.contains(name));
        if (!expected.isEmpty() && covered) {
            return expected;
        }
        SignerTrust.Refusal untrusted = signers.firstRefusal();
        if (untrusted != null && !expected.isEmpty()) {
            // some signer that is not trusted may vouch for it: say why that signer does not count
            throw new BundleRejectedException(artifact, untrusted.reason(), "entry " + name + ": " + untrusted.detail());
        }
        throw Refusal.unsigned(artifact, "entry " + name + " is not signed"
                + (expected.isEmpty() ? " (no SHA-2 digest of it in the manifest)" : " (no trusted signature file covers it)"));
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
        for (Digests.Expected digest : expected) {
            digest.digest().reset();
        }
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
