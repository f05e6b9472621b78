package io.patchbay.framework.impl.verify;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw byte ranges of a manifest's sections, which a .SF file digests: the main section and each
 * {@code Name:} section, each including the blank line that ends it. Section boundaries and names follow the JDK's
 * own verifier (a section ends at a blank line, or at a line break that is the manifest's last byte; a manifest's
 * unterminated tail belongs to no section; CR, LF and CRLF all break lines; a name continues on lines starting
 * with a space), so a digest matches here exactly when it matches for {@code jarsigner -verify}.
 */
final class ManifestSections {

    /** A section's bytes: {@code [offset, offset + length)}, blank line included. */
    record Section(int offset, int length) {
    }

    private final byte[] raw;
    private final Section main;
    private final Map<String, List<Section>> named = new HashMap<>();

    private ManifestSections(byte[] raw) {
        this.raw = raw;
        int[] bounds = new int[2];
        if (!nextSection(raw, 0, bounds)) {
            main = null;
            return;
        }
        main = new Section(0, bounds[1]);
        int start = bounds[1];
        while (nextSection(raw, start, bounds)) {
            String name = name(raw, start, bounds[0]);
            if (name != null) {
                named.computeIfAbsent(name, n -> new ArrayList<>(1)).add(new Section(start, bounds[1] - start));
            }
            start = bounds[1];
        }
    }

    /** The sections of {@code raw}, refused as OVERSIZED beyond {@code maxSections} (each one costs memory). */
    static ManifestSections of(String artifact, String fileName, byte[] raw, int maxSections) {
        bound(artifact, fileName, raw, maxSections);
        return new ManifestSections(raw);
    }

    /**
     * Counts sections without keeping them, and refuses more than {@code maxSections}: run before a
     * {@link java.util.jar.Manifest} parse, whose memory grows with the number of sections.
     */
    static void bound(String artifact, String fileName, byte[] raw, int maxSections) {
        int[] bounds = new int[2];
        int count = 0;
        for (int start = 0; nextSection(raw, start, bounds); start = bounds[1]) {
            if (++count > maxSections + 1) {
                throw Refusal.oversized(artifact, fileName + " has more than " + maxSections
                        + " sections (limit: one per entry the jar may hold)");
            }
        }
    }

    /** The main section, or null when the manifest has no complete one. */
    Section main() {
        return main;
    }

    /** The sections named {@code name}; several when the manifest repeats a name (the JDK digests them together). */
    List<Section> sections(String name) {
        return named.getOrDefault(name, List.of());
    }

    /** The names of the named sections. */
    java.util.Set<String> names() {
        return named.keySet();
    }

    /** How many sections carry a name: more sections than names means a name is repeated. */
    int sectionCount() {
        return named.values().stream().mapToInt(List::size).sum();
    }

    int nameCount() {
        return named.size();
    }

    /** Digests of the sections; {@code md} must be fresh or reset (a finished digest resets itself). */
    byte[] digest(List<Section> sections, MessageDigest md) {
        for (Section section : sections) {
            md.update(raw, section.offset(), section.length());
        }
        return md.digest();
    }

    byte[] digestWhole(MessageDigest md) {
        return md.digest(raw);
    }

    /**
     * Finds the section starting at {@code start}: {@code bounds[0]} becomes the end of its first line (exclusive,
     * before the line break) and {@code bounds[1]} the start of the next section. False at the end of the bytes.
     */
    private static boolean nextSection(byte[] b, int start, int[] bounds) {
        int firstLineEnd = -1;
        boolean blankLine = true;
        for (int i = start; i < b.length; i++) {
            byte c = b[i];
            if (c != '\r' && c != '\n') {
                blankLine = false;
                continue;
            }
            if (firstLineEnd < 0) {
                firstLineEnd = i;
            }
            if (c == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
                i++;
            }
            if (blankLine || i == b.length - 1) {
                bounds[0] = firstLineEnd;
                bounds[1] = i + 1;
                return true;
            }
            blankLine = true;
        }
        return false;
    }

    /** The name of a section whose first line is {@code Name: ...} (any case), continuation lines joined; else null. */
    private static String name(byte[] b, int start, int firstLineEnd) {
        if (firstLineEnd - start < 6 || (b[start] | 0x20) != 'n' || (b[start + 1] | 0x20) != 'a'
                || (b[start + 2] | 0x20) != 'm' || (b[start + 3] | 0x20) != 'e' || b[start + 4] != ':' || b[start + 5] != ' ') {
            return null;
        }
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        name.write(b, start + 6, firstLineEnd - start - 6);
        int i = skipLineBreak(b, firstLineEnd);
        while (i < b.length && b[i] == ' ') {
            int from = i + 1;
            int to = from;
            while (to < b.length && b[to] != '\r' && b[to] != '\n') {
                to++;
            }
            name.write(b, from, to - from);
            i = skipLineBreak(b, to);
        }
        return name.toString(StandardCharsets.UTF_8);
    }

    /** Skips one line break: CRLF, CR or LF. */
    private static int skipLineBreak(byte[] b, int at) {
        if (at < b.length && b[at] == '\r') {
            at++;
            return at < b.length && b[at] == '\n' ? at + 1 : at;
        }
        return at < b.length && b[at] == '\n' ? at + 1 : at;
    }
}
