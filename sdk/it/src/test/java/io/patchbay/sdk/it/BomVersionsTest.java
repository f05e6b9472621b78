package io.patchbay.sdk.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The BOM has no parent (a host must not import this build's test libraries), so it names its third-party
 * versions itself: they must stay the ones the build uses, and its own version the build's.
 */
class BomVersionsTest {
    private static final Path ROOT = Path.of(System.getProperty("patchbay.it.root", "../.."));

    @ParameterizedTest
    @ValueSource(strings = {"bouncycastle.version", "slf4j.version", "logback.version"})
    void theBomPinsTheVersionTheBuildUses(String property) {
        assertEquals(property(ROOT.resolve("pom.xml"), property), property(ROOT.resolve("sdk/bom/pom.xml"), property));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sdk/bom/pom.xml"})
    void theBomHasTheBuildsVersion(String bom) {
        String version = firstMatch(ROOT.resolve(bom), "<artifactId>patchbay-bom</artifactId>\\s*<version>([^<]+)</version>");
        assertEquals(property(ROOT.resolve("pom.xml"), "patchbay.version"), version);
        assertEquals(NestedBuild.VERSION, version);
    }

    @ParameterizedTest
    @ValueSource(strings = {"patchbay-framework", "patchbay-update-policy", "patchbay-agent", "patchbay-agent-bundle",
            "patchbay-license", "patchbay-license-gate", "patchbay-license-gate-bundle", "patchbay-crypto", "patchbay-tuf"})
    void everyArtifactTheBomNamesIsAModuleOfThisBuild(String artifactId) throws Exception {
        String bom = Files.readString(ROOT.resolve("sdk/bom/pom.xml"));
        assertTrue(bom.contains("<artifactId>" + artifactId + "</artifactId>"), artifactId + " in the BOM");
        try (Stream<Path> poms = Files.walk(ROOT, 3)) {
            assertTrue(poms.filter(p -> p.endsWith("pom.xml") && !p.toString().contains("/target/"))
                    .anyMatch(p -> NestedBuild.read(p).contains("<artifactId>" + artifactId + "</artifactId>\n  <")),
                    artifactId + " is built here");
        }
    }

    private static String property(Path pom, String name) {
        return firstMatch(pom, "<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">");
    }

    private static String firstMatch(Path file, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(NestedBuild.read(file));
        assertTrue(matcher.find(), regex + " in " + file);
        return matcher.group(1);
    }
}
