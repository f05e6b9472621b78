package io.patchbay.tuf.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.RepositoryMismatchException;
import io.patchbay.tuf.api.StrictJson;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Edges of the model views that the workflow tests do not reach (found by mutation testing). */
class ModelEdgeCasesTest {

    private static Metadata targets(String targetsJson) {
        return Metadata.parse(("{\"signatures\":[],\"signed\":{\"_type\":\"targets\",\"spec_version\":\"1.0.31\","
                + "\"version\":1,\"expires\":\"2030-01-01T00:00:00Z\",\"targets\":" + targetsJson + "}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    static Stream<String> malformedTargetEntries() {
        return Stream.of("[]", "{\"length\":-1,\"hashes\":{\"sha256\":\"00\"}}", "{\"length\":1.5,\"hashes\":{\"sha256\":\"00\"}}",
                "{\"hashes\":{\"sha256\":\"00\"}}", "{\"length\":1}", "{\"length\":1,\"hashes\":{}}",
                "{\"length\":1,\"hashes\":[]}", "{\"length\":1,\"hashes\":{\"sha256\":1}}");
    }

    /** A malformed entry makes the whole role malformed when the view is made, not when that entry is looked up. */
    @ParameterizedTest
    @MethodSource("malformedTargetEntries")
    void aMalformedTargetEntryMakesTheRoleMalformed(String entry) {
        Metadata metadata = targets("{\"ok\":{\"length\":1,\"hashes\":{\"sha256\":\"00\"}},\"bad\":" + entry + "}");
        assertThrows(MalformedMetadataException.class, () -> Targets.of(metadata), entry);
    }

    @Test
    void zeroLengthTargetsAreFineAndViewsRoundTrip() {
        Targets view = Targets.of(targets("{\"dir/empty.txt\":{\"length\":0,\"hashes\":{\"sha256\":\"00\"},\"custom\":{\"k\":1}},"
                + "\"b\":{\"length\":2,\"hashes\":{\"sha512\":\"11\"}}}"));
        TargetFile empty = view.target("dir/empty.txt").orElseThrow();
        assertEquals(0, empty.length());
        assertEquals("empty.txt", empty.fileName());
        assertEquals("b", view.target("b").orElseThrow().fileName());
        assertEquals(List.of("dir/empty.txt", "b"), List.copyOf(view.targets().keySet()));
        assertEquals(empty, view.targets().get("dir/empty.txt"));
        assertEquals(empty, TargetFile.fromJson("dir/empty.txt", empty.toJson()));
        assertEquals(1, empty.toJson().get("custom").get("k").intValue());
        assertFalse(view.targets().get("b").toJson().has("custom"));
        assertEquals(1, view.version());
        assertEquals("targets", view.metadata().type());
        assertThrows(MalformedMetadataException.class, () -> new TargetFile("x", -1, Map.of("sha256", "00"), null));
    }

    @Test
    void viewsRefuseMetadataOfAnotherType() {
        Metadata metadata = targets("{}");
        assertThrows(RepositoryMismatchException.class, () -> Timestamp.of(metadata));
        assertThrows(RepositoryMismatchException.class, () -> Snapshot.of(metadata));
        assertThrows(RepositoryMismatchException.class, () -> Root.of(metadata));
    }

    @Test
    void terminatingIsReadAsGiven() {
        JsonNode role = StrictJson.parse(("{\"name\":\"r\",\"keyids\":[\"a\"],\"threshold\":1,\"terminating\":true,"
                + "\"paths\":[\"x/*\"]}").getBytes(StandardCharsets.UTF_8), "role");
        assertTrue(DelegatedRole.fromJson(role, "test").terminating());
        ((ObjectNode) role).put("terminating", false);
        assertFalse(DelegatedRole.fromJson(role, "test").terminating());
    }

    @Test
    void roleKeysAndLocationWriteWhatTheyRead() {
        RoleKeys keys = new RoleKeys(List.of("a", "b"), 2);
        ObjectNode json = keys.toJson();
        assertEquals(keys, RoleKeys.fromJson(json, "test"));
        ObjectNode target = StrictJson.object().put("other", 1);
        assertEquals(target, keys.writeTo(target));
        assertEquals(1, target.get("other").intValue());
        assertThrows(MalformedMetadataException.class, () -> RoleKeys.fromJson(
                StrictJson.object().put("threshold", 1L + Integer.MAX_VALUE).set("keyids", json.get("keyids")), "test"));
        assertEquals(Integer.MAX_VALUE, RoleKeys.fromJson(
                StrictJson.object().put("threshold", Integer.MAX_VALUE).set("keyids", json.get("keyids")), "t").threshold());

        String pin = "sha256/" + "A".repeat(43) + "=";
        TrustedLocation location = new TrustedLocation(URI.create("https://r.example/m"), URI.create("https://r.example/t"),
                List.of(pin));
        ObjectNode rootSigned = location.toJson();
        assertEquals(location, TrustedLocation.fromRootSigned(rootSigned));
        assertEquals("https://r.example/m/", rootSigned.get(TrustedLocation.LOCATION_FIELD).get("metadata_url").textValue());
    }

    @Test
    void rootListsItsRoles() {
        Root root = Root.of(Metadata.parse(io.patchbay.tuf.TestResources.pythonTuf("root")));
        assertEquals(java.util.Set.of("root", "timestamp", "snapshot", "targets"), root.roles().keySet());
        assertTrue(root.keysOf("timestamp").size() >= 1);
    }

    @Test
    void metaFileKeepsWhatItIsGiven() {
        MetaFile meta = new MetaFile(3, OptionalLong.of(0), Map.of("sha256", "00"));
        assertEquals(meta, MetaFile.fromJson(meta.toJson(), "test"));
        assertFalse(MetaFile.ofVersion(2).toJson().has("hashes"));
        assertFalse(MetaFile.ofVersion(2).toJson().has("length"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2024-02-29T12:00:00Z"})
    void expiryBoundariesThatAreWellFormed(String text) {
        assertEquals(text, Metadata.formatExpiry(Metadata.parseExpiry(text)));
    }

    @Test
    void expiryOutsideFourDigitYearsCannotBeWritten() {
        assertThrows(IllegalArgumentException.class, () -> Metadata.formatExpiry(Instant.parse("+10000-01-01T00:00:00Z")));
        assertThrows(IllegalArgumentException.class, () -> Metadata.formatExpiry(Instant.parse("0000-12-31T23:59:59Z")));
        assertThrows(MalformedMetadataException.class, () -> Metadata.parseExpiry("2023-02-29T00:00:00Z"));
    }

    @Test
    void aMajorTooLargeForAnIntIsStillNotOne() {
        Metadata metadata = targets("{}");
        metadata.signed().put("spec_version", "99999999999.0.0");
        assertEquals(Integer.MAX_VALUE, metadata.specVersionMajor());
        metadata.signed().put("spec_version", "1.0.0");
        assertEquals(1, metadata.specVersionMajor());
    }

    @Test
    void expiresFollowsEditsAndIsParsedOnce() {
        Metadata metadata = targets("{}");
        Instant first = metadata.expires();
        assertEquals(first, metadata.expires());
        metadata.setExpires(Instant.parse("2031-05-06T07:08:09Z"));
        assertEquals(Instant.parse("2031-05-06T07:08:09Z"), metadata.expires());
        Metadata copy = metadata.copy();
        assertNotSame(metadata.envelope(), copy.envelope());
        assertEquals(metadata.envelope(), copy.envelope());
        assertEquals("targets v1", metadata.toString());
        assertThrows(MalformedMetadataException.class, () -> Metadata.of(StrictJson.object().put("version", 1)));
    }
}
