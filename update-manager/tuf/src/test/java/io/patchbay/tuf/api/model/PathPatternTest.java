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
}
