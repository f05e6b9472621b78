package io.patchbay.tuf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RepositoryMismatchException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class ViewsTest {

    @Test
    void readsPythonTufRoles() {
        Root root = Root.of(Metadata.parse(TestResources.pythonTuf("root")));
        assertEquals(4, root.keys().size());
        assertEquals(1, root.role("timestamp").threshold());
        assertFalse(root.consistentSnapshot());
        assertTrue(root.location().isEmpty());

        Timestamp timestamp = Timestamp.of(Metadata.parse(TestResources.pythonTuf("timestamp")));
        assertEquals(1, timestamp.snapshotMeta().version());
        assertEquals(515, timestamp.snapshotMeta().length().getAsLong());
        assertEquals("8f88e2ba48b412c3843e9bb26e1b6f8fc9e98aceb0fbaa97ba37b4c98717d7ab",
                timestamp.snapshotMeta().hashes().get("sha256"));

        Snapshot snapshot = Snapshot.of(Metadata.parse(TestResources.pythonTuf("snapshot")));
        assertEquals(1, snapshot.metaFor("role2").orElseThrow().version());
        assertTrue(snapshot.metaFor("role9").isEmpty());

        Targets targets = Targets.of(Metadata.parse(TestResources.pythonTuf("targets")));
        TargetFile file1 = targets.target("file1.txt").orElseThrow();
        assertEquals(31, file1.length());
        assertEquals("0644", file1.custom().get("file_permissions").textValue());
        DelegatedRole role1 = targets.delegations().orElseThrow().roles().get(0);
        assertEquals("role1", role1.name());
        assertTrue(role1.isTrustedFor("file3.txt"));
        assertFalse(role1.isTrustedFor("file1.txt"));
        assertEquals(1, targets.delegations().orElseThrow().keysOf(role1).size());
    }

    @Test
    void wrongTypeIsARepositoryMismatch() {
        Metadata timestamp = Metadata.parse(TestResources.pythonTuf("timestamp"));
        assertThrows(RepositoryMismatchException.class, () -> Root.of(timestamp));
        assertThrows(RepositoryMismatchException.class, () -> Snapshot.of(timestamp));
        assertThrows(RepositoryMismatchException.class, () -> Targets.of(timestamp));
    }

    @Test
    void rootMustNameAllTopLevelRoles() {
        Metadata root = Metadata.parse(TestResources.pythonTuf("root"));
        ((ObjectNode) root.signed().get("roles")).remove("snapshot");
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, () -> Root.of(root));
        assertTrue(e.getMessage().contains("snapshot"), e.getMessage());
    }

    @Test
    void thresholdMustBePositiveAndKeyIdsDistinct() {
        Metadata root = Metadata.parse(TestResources.pythonTuf("root"));
        ((ObjectNode) root.signed().get("roles").get("targets")).put("threshold", 0);
        assertThrows(MalformedMetadataException.class, () -> Root.of(root));
        assertThrows(MalformedMetadataException.class, () -> new RoleKeys(List.of("a", "a"), 1));
    }

    @Test
    void delegatedRoleNeedsExactlyOnePathKind() {
        RoleKeys keys = new RoleKeys(List.of("k"), 1);
        assertThrows(MalformedMetadataException.class, () -> new DelegatedRole("r", keys, false, null, null));
        assertThrows(MalformedMetadataException.class, () -> new DelegatedRole("r", keys, false, List.of(), List.of()));
        assertThrows(MalformedMetadataException.class, () -> new DelegatedRole("targets", keys, false, List.of(), null));
    }

    @Test
    void pathHashPrefixesMatchSha256OfThePath() {
        // sha256("file1.txt") starts with "ecc6ed5d"... computed independently below.
        String hash = java.util.HexFormat.of().formatHex(sha256("file1.txt"));
        DelegatedRole role = new DelegatedRole("bins", new RoleKeys(List.of("k"), 1), false, null,
                List.of("ffff", hash.substring(0, 2)));
        assertTrue(role.isTrustedFor("file1.txt"));
        DelegatedRole other = new DelegatedRole("bins", new RoleKeys(List.of("k"), 1), false, null,
                List.of(hash.charAt(0) == '0' ? "1" : "0"));
        assertFalse(other.isTrustedFor("file1.txt"));
    }

    @Test
    void eachPathIsMatchedByItsOwnHashWhenLookupsAlternate() {
        // The last path's hash is remembered (a lookup asks every bin about one path): it must never answer for another.
        List<DelegatedRole> bins = new java.util.ArrayList<>();
        for (int bin = 0; bin < 16; bin++) {
            bins.add(new DelegatedRole("bin-" + bin, new RoleKeys(List.of("k"), 1), false, null,
                    List.of(Integer.toHexString(bin))));
        }
        for (int i = 0; i < 200; i++) {
            String path = "dir/file-" + (i % 7) + ".txt";
            String first = java.util.HexFormat.of().formatHex(sha256(path)).substring(0, 1);
            for (DelegatedRole bin : bins) {
                assertEquals(bin.pathHashPrefixes().get(0).equals(first), bin.isTrustedFor(path), bin.name() + " " + path);
            }
            assertTrue(bins.get(Integer.parseInt(first, 16)).isTrustedFor(path));
        }
    }

    private static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void trustedLocationRoundTripsThroughRoot() {
        Metadata root = Metadata.parse(TestResources.pythonTuf("root"));
        TrustedLocation location = new TrustedLocation(URI.create("https://repo.example:8443/m"),
                URI.create("https://repo.example:8443/t/"), List.of("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
        location.writeTo(root.signed());
        TrustedLocation read = Root.of(root).location().orElseThrow();
        assertEquals(URI.create("https://repo.example:8443/m/"), read.metadataUrl());
        assertEquals(URI.create("https://repo.example:8443/t/"), read.targetsUrl());
        assertEquals(List.of("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), read.tlsPins());

        assertThrows(MalformedMetadataException.class, () -> new TrustedLocation(URI.create("ftp://x/"),
                URI.create("https://x/"), List.of()));
        assertThrows(MalformedMetadataException.class, () -> new TrustedLocation(URI.create("https://x/"),
                URI.create("https://x/"), List.of("md5/abc")));
    }
}
