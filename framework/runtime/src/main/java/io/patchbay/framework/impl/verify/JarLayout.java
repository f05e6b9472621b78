package io.patchbay.framework.impl.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sorts a jar's entries by the part they play in JAR signing, by name alone (nothing is inflated): the manifest, the
 * signers (a .SF file with its signature blocks), directories, content, which every signature must cover, and the
 * signing-related files the JDK would let through unsigned but the gate does not: META-INF/SIG-* files (a namespace
 * the JAR specification reserves, which no signing tool writes) and a .SF or block file without its partner. Both
 * could carry unsigned bytes a bundle can read as resources. Names follow the JDK: signing files sit directly in
 * META-INF, matched ignoring case.
 */
final class JarLayout {
    static final String MANIFEST = "META-INF/MANIFEST.MF";
    private static final String META_INF = "META-INF/";

    /** A signer's files: its .SF and the block(s) (.RSA, .DSA, .EC) with the same base name. */
    record Signer(ZipIndex.Entry signatureFile, List<ZipIndex.Entry> blocks) {
    }

    final ZipIndex.Entry manifest;
    final List<Signer> signers;
    final List<ZipIndex.Entry> content = new ArrayList<>();
    /** Directories. */
    final List<ZipIndex.Entry> other = new ArrayList<>();
    /** Signing-related files no signature covers and the gate refuses. */
    final List<ZipIndex.Entry> unsigned = new ArrayList<>();

    private JarLayout(ZipIndex.Entry manifest, List<Signer> signers) {
        this.manifest = manifest;
        this.signers = signers;
    }

    static JarLayout of(String artifact, ZipIndex index) {
        ZipIndex.Entry manifest = null;
        Map<String, ZipIndex.Entry> signatureFiles = new LinkedHashMap<>();
        Map<String, List<ZipIndex.Entry>> blocks = new LinkedHashMap<>();
        List<ZipIndex.Entry> content = new ArrayList<>();
        List<ZipIndex.Entry> other = new ArrayList<>();
        List<ZipIndex.Entry> unsigned = new ArrayList<>();
        for (ZipIndex.Entry entry : index.entries()) {
            String name = entry.name();
            if (!name.regionMatches(true, 0, META_INF, 0, META_INF.length())) {
                // the common case, without the upper-case copy
                (entry.isDirectory() ? other : content).add(entry);
                continue;
            }
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.equals(MANIFEST)) {
                if (!name.equals(MANIFEST)) {
                    // the container reads META-INF/MANIFEST.MF exactly; the JDK's verifier would read this one
                    throw Refusal.corrupt(artifact, "the manifest is named " + name + ", not " + MANIFEST);
                }
                manifest = entry;
            } else if (entry.isDirectory()) {
                other.add(entry);
            } else if (!isInMetaInf(upper)) {
                content.add(entry);
            } else if (upper.endsWith(".SF")) {
                String base = upper.substring(0, upper.length() - 3);
                if (signatureFiles.putIfAbsent(base, entry) != null) {
                    throw Refusal.corrupt(artifact, "two signature files named " + base + ".SF, in different case");
                }
            } else if (upper.endsWith(".RSA") || upper.endsWith(".DSA") || upper.endsWith(".EC")) {
                String base = upper.substring(0, upper.lastIndexOf('.'));
                blocks.computeIfAbsent(base, b -> new ArrayList<>(1)).add(entry);
            } else if (isOtherSigningFile(upper)) {
                unsigned.add(entry);
            } else {
                content.add(entry);
            }
        }
        List<Signer> signers = new ArrayList<>();
        for (Map.Entry<String, ZipIndex.Entry> sf : signatureFiles.entrySet()) {
            List<ZipIndex.Entry> itsBlocks = blocks.remove(sf.getKey());
            if (itsBlocks != null) {
                signers.add(new Signer(sf.getValue(), itsBlocks));
            } else {
                unsigned.add(sf.getValue());
            }
        }
        blocks.values().forEach(unsigned::addAll);
        JarLayout layout = new JarLayout(manifest, signers);
        layout.content.addAll(content);
        layout.other.addAll(other);
        layout.unsigned.addAll(unsigned);
        return layout;
    }

    private static boolean isInMetaInf(String upper) {
        return upper.startsWith(META_INF) && upper.indexOf('/', META_INF.length()) < 0;
    }

    /** META-INF/SIG-* with no extension or one of one to three letters or digits (JAR specification). */
    private static boolean isOtherSigningFile(String upper) {
        if (!upper.startsWith("SIG-", META_INF.length())) {
            return false;
        }
        int dot = upper.lastIndexOf('.');
        if (dot < 0) {
            return true;
        }
        String extension = upper.substring(dot + 1);
        return !extension.isEmpty() && extension.length() <= 3
                && extension.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }
}
