package io.patchbay.tuf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

    @ParameterizedTest
    @CsvSource({
        // the spec's examples
        "targets/*.tgz, targets/foo.tgz, true",
        "targets/*.tgz, targets/foo.txt, false",
        "foo-version-?.tgz, foo-version-2.tgz, true",
        "foo-version-?.tgz, foo-version-alpha.tgz, false",
        // wildcards never cross '/'
        "*.tgz, targets/foo.tgz, false",
        "targets/*, targets/a/b.tgz, false",
        "targets/*/*, targets/a/b.tgz, true",
        "*, file.txt, true",
        "*, dir/file.txt, false",
        "*/*, dir/file.txt, true",
        // exact names and character classes
        "file3.txt, file3.txt, true",
        "file3.txt, file3.txT, false",
        "file[0-9].txt, file7.txt, true",
        "file[!0-9].txt, file7.txt, false",
        "file[!0-9].txt, fileX.txt, true",
        "file[abc].txt, fileb.txt, true",
        "file[.txt, file[.txt, true",
        "a*b*c, aXXbYYc, true",
        "a*b*c, aXXbYY, false",
        "**, anything, true",
        "'', '', true",
        "dir/, dir/, true",
    })
    void matchesLikeAGlobPerSegment(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.matches(pattern, path));
    }

    /** Character classes, each row's expectation computed with Python's fnmatch.fnmatchcase. */
    @ParameterizedTest
    @CsvSource({
        "[]], ], true",
        "[]], a, false",
        "[!]], ], false",
        "[!]], a, true",
        "[a-], -, true",
        "[a-], a, true",
        "[a-], b, false",
        "[-a], -, true",
        "[-a], b, false",
        "[a-c], a, true",
        "[a-c], c, true",
        "[a-c], d, false",
        "[a-c], `, false",
        "[!a-c], c, false",
        "[!a-c], d, true",
        "[c-a], b, false",
        "[c-a], c, false",
        "[ab, [ab, true",
        "[ab, a, false",
        "[!, [!, true",
        "[], [], true",
        "[!], [!], true",
        "[b-b], b, true",
        "[a-b-c], -, true",
        "[a-b-c], c, true",
        "[]-a], ^, true",
        "[]-a], ], true",
        "[]-a], b, false",
        "a[bc]d, acd, true",
        "a[bc]d, abd, true",
        "a[bc]d, aed, false",
        "x[0-9][0-9], x42, true",
        "x[0-9][0-9], x4a, false",
        "*[!.], abc, true",
        "*[!.], ab., false",
        "?, '', false",
    })
    void characterClassesMatchLikePythonFnmatch(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.matches(pattern, path), pattern + " vs " + path);
    }

    /** Characters are code points, as Python's fnmatch sees them; U+1F600 is two UTF-16 units in Java. */
    @ParameterizedTest
    @CsvSource({
        "releases/v??.tgz, releases/v\uD83D\uDE00.tgz, false",
        "releases/v?.tgz, releases/v\uD83D\uDE00.tgz, true",
        "releases/v?.tgz, releases/v\u00e9.tgz, true",
        "releases/v[\uD83D\uDE00].tgz, releases/v\uD83D\uDE00.tgz, true",
        "releases/v[!\uD83D\uDE00].tgz, releases/v\uD83D\uDE00.tgz, false",
        "releases/v[\uD83D\uDE00-\uD83D\uDE4F].tgz, releases/v\uD83D\uDE01.tgz, true",
        "releases/v[\uD83D\uDE00-\uD83D\uDE4F].tgz, releases/v\uD83D\uDE50.tgz, false",
        "releases/v[!a].tgz, releases/v\uD83D\uDE00.tgz, true",
        "releases/*\uDE00.tgz, releases/v\uD83D\uDE00.tgz, false",
        "releases/\uD83D*, releases/\uD83D\uDE00.tgz, false",
    })
    void matchesPerCodePointNotPerUtf16Unit(String pattern, String path, boolean expected) {
        assertEquals(expected, PathPattern.matches(unescape(pattern), unescape(path)), pattern + " vs " + path);
    }

    @org.junit.jupiter.api.Test
    void aPathWithAnUnpairedSurrogateHasNoUtf8FormAndIsRefused() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> PathPattern.utf8("a\uD800b"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("U+D800"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80},
                PathPattern.utf8("\uD83D\uDE00"));
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.startsWith("\\u", i)) {
                out.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(s.charAt(i));
            }
        }
        return out.toString();
    }
}
