package io.patchbay.framework.impl.verify;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * What one .SF file vouches for, given the manifest, with the JDK's rules: if one of its whole-manifest digests
 * matches, every name it lists; otherwise each listed name whose manifest section(s) match its section digest, and a
 * section digest that does not match, or names no manifest section, means the manifest was changed: refused.
 *
 * <p>One rule is stricter than the JDK's: when the whole-manifest digest does not match, the .SF must carry a
 * matching digest of the manifest's main attributes. The JDK lets a .SF without one vouch for sections of a manifest
 * whose main attributes anyone may have rewritten; those are the OSGi headers (imports, activator, fragment host),
 * so here they must be signed.
 */
final class SignatureFile {
    private static final String VERSION = "1.0";

    private SignatureFile() {
    }

    /**
     * What a .SF vouches for: the entry names (as the JDK normalizes them), the manifest sections it lists verbatim,
     * and whether its whole-manifest digest matched (then the manifest is exactly as signed).
     */
    record Coverage(Set<String> entries, Set<String> sections, boolean wholeManifest) {
        static final Coverage NOTHING = new Coverage(Set.of(), Set.of(), false);
    }

    /** What {@code sfBytes} vouches for; nothing when it has no usable digest (the JDK ignores it then). */
    static Coverage covered(String artifact, String sfName, byte[] sfBytes, byte[] manifest,
                               ManifestSections sections, Digests digests, int maxSections) {
        ManifestSections.bound(artifact, sfName, sfBytes, maxSections);
        Manifest sf;
        try {
            sf = new Manifest(new ByteArrayInputStream(sfBytes));
        } catch (IOException | RuntimeException e) {
            throw Refusal.unsigned(artifact, "signature file " + sfName + " cannot be parsed: " + e.getMessage());
        }
        Attributes main = sf.getMainAttributes();
        if (!VERSION.equalsIgnoreCase(String.valueOf(main.getValue(Attributes.Name.SIGNATURE_VERSION)).trim())) {
            return Coverage.NOTHING;
        }
        List<Digests.Expected> whole = digests.expected(main, "-Digest-Manifest");
        boolean wholeSigned = false;
        for (Digests.Expected expected : whole) {
            wholeSigned |= MessageDigest.isEqual(expected.digest().digest(manifest), expected.value());
        }
        if (!wholeSigned && !mainAttributesSigned(artifact, sfName, main, sections, digests, !whole.isEmpty())) {
            return Coverage.NOTHING;
        }
        Set<String> entries = new HashSet<>();
        Set<String> vouched = new HashSet<>();
        for (Map.Entry<String, Attributes> section : sf.getEntries().entrySet()) {
            String name = section.getKey();
            if (wholeSigned || sectionSigned(artifact, sfName, name, section.getValue(), sections, digests)) {
                entries.add(normalized(name));
                vouched.add(name);
            }
        }
        return new Coverage(entries, vouched, wholeSigned);
    }

    /**
     * True when a main-attributes digest matches; false when there is no strong digest of any kind (the .SF vouches
     * for nothing); refused when a digest does not match or the manifest changed without one.
     */
    private static boolean mainAttributesSigned(String artifact, String sfName, Attributes main, ManifestSections sections,
                                                Digests digests, boolean hadWholeDigest) {
        List<Digests.Expected> expected = digests.expected(main, "-Digest-Manifest-Main-Attributes");
        if (expected.isEmpty()) {
            if (hadWholeDigest) {
                throw Refusal.tampered(artifact, "the manifest changed after signing and " + sfName
                        + " has no digest of its main attributes");
            }
            return false;
        }
        for (Digests.Expected digest : expected) {
            if (sections.main() == null
                    || !MessageDigest.isEqual(sections.digest(List.of(sections.main()), digest.digest()), digest.value())) {
                throw Refusal.tampered(artifact, "invalid " + digest.algorithm() + " digest in " + sfName
                        + " for the manifest's main attributes: they changed after signing");
            }
        }
        return true;
    }

    private static boolean sectionSigned(String artifact, String sfName, String name, Attributes attributes,
                                         ManifestSections sections, Digests digests) {
        List<ManifestSections.Section> manifestSections = sections.sections(name);
        if (manifestSections.isEmpty()) {
            throw Refusal.tampered(artifact, sfName + " signs " + name + ", which has no section in the manifest");
        }
        List<Digests.Expected> expected = digests.expected(attributes, "-Digest");
        for (Digests.Expected digest : expected) {
            if (!MessageDigest.isEqual(sections.digest(manifestSections, digest.digest()), digest.value())) {
                throw Refusal.tampered(artifact, "invalid " + digest.algorithm() + " digest in " + sfName
                        + " for the manifest section of " + name + ": it changed after signing");
            }
        }
        return !expected.isEmpty();
    }

    /** As the JDK: a leading "./" and then "/" is dropped from a name the .SF lists. */
    private static String normalized(String name) {
        String n = name.startsWith("./") ? name.substring(2) : name;
        return n.startsWith("/") ? n.substring(1) : n;
    }
}
