package io.patchbay.server.impl.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The parser alone: forms an HTTP server in front may already have refused or normalised must fail here too. */
class RepoPathTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "", "metadata/1.root.json", "/metadata/../", "/metadata//", "/metadata/../staged/root.json", "/metadata/./1.root.json",
        "/metadata/%2e%2e/x", "/metadata/%2E%2E/x", "/metadata/.%2e/x", "/metadata/%2e/x",
        "/targets/a%2f..%2f..%2fetc%2fpasswd", "/targets/a%2F..%2Fb", "/targets/a%5c..%5cb", "/targets/a\\b",
        "/metadata//1.root.json", "//etc/passwd", "/metadata/1.root.json%00", "/metadata/1.root.json%00.txt",
        "/targets/a%0ab", "/targets/%", "/targets/%2", "/targets/%zz", "/targets/%c0%ae%c0%ae",
        "/targets/%ff", "/targets/caf\u00e9"})
    void refusesTraversalAndMalformedPaths(String raw) {
        assertThrows(RepoPath.Refusal.class, () -> RepoPath.parse(raw), raw);
    }

    @Test
    void refusesOverlongPathsAndSegments() {
        assertThrows(RepoPath.Refusal.class, () -> RepoPath.parse("/targets/" + "a/".repeat(3000) + "x"));
        assertThrows(RepoPath.Refusal.class, () -> RepoPath.parse("/targets/" + "a".repeat(256)));
        assertThrows(RepoPath.Refusal.class, () -> RepoPath.parse("/targets" + "/a".repeat(40)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/metadata", "/metadata/", "/targets/dir/", "/staged/root.json", "/keys/root.pem",
        "/metadata/.tmp-123.part", "/targets/.hidden/x", "/targets/dir/.tmp-1.part", "/metadata/sub/1.root.json",
        "/metadata/.htaccess"})
    void wellFormedButNeverServed(String raw) throws Exception {
        assertFalse(RepoPath.parse(raw).served(), raw);
    }

    @Test
    void decodesTargetPathsTheClientEscapes() throws Exception {
        RepoPath path = RepoPath.parse("/targets/bundles/caf%C3%A9%20v1.jar");
        assertTrue(path.served());
        assertEquals(List.of("targets", "bundles", "café v1.jar"), path.segments());
        assertEquals("application/java-archive", RepositoryHandler.contentType(path));
    }

    @Test
    void immutableOnlyWhenTheNamePinsTheContent() throws Exception {
        String sha256 = "a".repeat(64);
        assertTrue(RepoPath.parse("/metadata/1.root.json").immutable());
        assertTrue(RepoPath.parse("/metadata/12.snapshot.json").immutable());
        assertTrue(RepoPath.parse("/metadata/3.targets.json").immutable());
        assertTrue(RepoPath.parse("/metadata/2.team-a.json").immutable());
        assertTrue(RepoPath.parse("/targets/dir/" + sha256 + ".app.jar").immutable());
        assertTrue(RepoPath.parse("/targets/" + "b".repeat(128) + ".app.jar").immutable());
        assertFalse(RepoPath.parse("/metadata/timestamp.json").immutable());
        assertFalse(RepoPath.parse("/metadata/snapshot.json").immutable());
        assertFalse(RepoPath.parse("/metadata/0.root.json").immutable());
        assertFalse(RepoPath.parse("/targets/app.jar").immutable());
        assertFalse(RepoPath.parse("/targets/" + "a".repeat(63) + ".app.jar").immutable());
    }
}
