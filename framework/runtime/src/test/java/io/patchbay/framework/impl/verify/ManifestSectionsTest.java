package io.patchbay.framework.impl.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.BundleRejectedException;
import io.patchbay.framework.api.BundleRejectedException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Section boundaries and names as the JDK's verifier finds them: what a .SF section digest covers (a section with
 * the blank line ending it), and which name it carries.
 */
class ManifestSectionsTest {

    private static ManifestSections of(String manifest) {
        return ManifestSections.of("m.jar", "META-INF/MANIFEST.MF", manifest.getBytes(StandardCharsets.UTF_8), 100);
    }

    private static String text(String manifest, ManifestSections.Section section) {
        return manifest.substring(section.offset(), section.offset() + section.length());
    }

    @Test
    void splitsOnBlankLinesWithAnyLineBreak() {
        for (String eol : List.of("\r\n", "\n", "\r")) {
            String main = "Manifest-Version: 1.0" + eol + "A: b" + eol + eol;
            String first = "Name: x/Y.class" + eol + "SHA-256-Digest: abc" + eol + eol;
            String second = "Name: z" + eol + "K: v" + eol + eol;
            String manifest = main + first + second;
            ManifestSections sections = of(manifest);
            assertEquals(main, text(manifest, sections.main()), eol.replace("\r", "CR").replace("\n", "LF"));
            assertEquals(first, text(manifest, sections.sections("x/Y.class").get(0)));
            assertEquals(second, text(manifest, sections.sections("z").get(0)));
            assertEquals(Set.of("x/Y.class", "z"), sections.names());
            assertEquals(2, sections.sectionCount());
        }
    }

    @Test
    void joinsContinuedNamesAndReadsThemAsUtf8() {
        String manifest = "Manifest-Version: 1.0\r\n\r\nName: r\u00e9sum\u00e9/a-very-long-directory-name-that-wraps\r\n"
                + " /and-continues/\u4e2d.txt\r\nSHA-256-Digest: abc\r\n\r\n";
        ManifestSections sections = of(manifest);
        assertEquals(Set.of("r\u00e9sum\u00e9/a-very-long-directory-name-that-wraps/and-continues/\u4e2d.txt"), sections.names());
        String lf = manifest.replace("\r\n", "\n");
        assertEquals(of(manifest).names(), of(lf).names());
        String cr = manifest.replace("\r\n", "\r");
        assertEquals(of(manifest).names(), of(cr).names());
    }

    @Test
    void aSectionAtTheEndNeedsItsFinalLineBreakAndAnUnterminatedTailBelongsToNone() {
        String ended = "Manifest-Version: 1.0\r\n\r\nName: a\r\nK: v\r\n";
        assertEquals("Name: a\r\nK: v\r\n", text(ended, of(ended).sections("a").get(0)));
        String tail = "Manifest-Version: 1.0\r\n\r\nName: a\r\nK: v";
        assertEquals(Set.of(), of(tail).names());
        assertNull(of("Manifest-Version: 1.0").main());
        assertEquals("Manifest-Version: 1.0\n", text("Manifest-Version: 1.0\n", of("Manifest-Version: 1.0\n").main()));
    }

    @Test
    void namesMayBeEmptyAndEndTheManifest() {
        assertEquals(Set.of(""), of("M: 1\n\nName: \nK: v\n\n").names());
        assertEquals(Set.of("last"), of("M: 1\n\nName: last\n").names());
        assertEquals(Set.of("last"), of("M: 1\r\rName: last\r").names());
        assertEquals(Set.of("last"), of("M: 1\r\n\r\nName: last\r\n").names());
        assertEquals(Set.of("lastcontinued"), of("M: 1\n\nName: last\n continued\n").names());
    }

    @Test
    void nameHeadersAreCaseInsensitiveButNeedTheirSpace() {
        String manifest = "M: 1\n\nNAME: upper\n\nname: lower\n\nName:nospace\n\nNamed: other\n\nNam\n\n";
        assertEquals(Set.of("upper", "lower"), of(manifest).names());
    }

    @Test
    void repeatedNamesGiveSeveralSectionsDigestedTogether() throws Exception {
        String manifest = "M: 1\n\nName: a\nK: 1\n\nName: a\nK: 2\n\n";
        ManifestSections sections = of(manifest);
        assertEquals(2, sections.sections("a").size());
        assertEquals(2, sections.sectionCount());
        assertEquals(1, sections.nameCount());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        assertArrayEquals(md.digest("Name: a\nK: 1\n\nName: a\nK: 2\n\n".getBytes(StandardCharsets.UTF_8)),
                sections.digest(sections.sections("a"), md));
        assertArrayEquals(md.digest(manifest.getBytes(StandardCharsets.UTF_8)), sections.digestWhole(md));
        assertEquals(List.of(), sections.sections("absent"));
    }

    @Test
    void blankLinesMakeEmptySections() {
        String manifest = "M: 1\n\n\n\nName: a\n\n";
        ManifestSections sections = of(manifest);
        assertEquals(Set.of("a"), sections.names());
        assertEquals("M: 1\n\n", text(manifest, sections.main()));
        assertEquals("\n", text("\nName: a\n\n", of("\nName: a\n\n").main()));
    }

    @Test
    void refusesMoreSectionsThanTheLimitBeforeKeepingAny() {
        StringBuilder manifest = new StringBuilder("M: 1\n\n");
        for (int i = 0; i < 11; i++) {
            manifest.append("Name: e").append(i).append("\n\n");
        }
        byte[] bytes = manifest.toString().getBytes(StandardCharsets.UTF_8);
        assertEquals(11, ManifestSections.of("m.jar", "x", bytes, 11).sectionCount());
        BundleRejectedException e = assertThrows(BundleRejectedException.class, () -> ManifestSections.of("m.jar", "x", bytes, 10));
        assertEquals(Reason.OVERSIZED, e.reason());
        assertTrue(e.getMessage().contains("x has more than 10 sections"), e.getMessage());
        ManifestSections.bound("m.jar", "x", bytes, 11);
        assertThrows(BundleRejectedException.class, () -> ManifestSections.bound("m.jar", "x", bytes, 10));
    }
}
