package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.client.TufClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.UntrustedLocationException;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.TrustedLocation;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrustedLocationTest extends ClientTestBase {

    static final List<String> PINS = List.of("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");

    @Override
    void customize(RepoFixture fixture) {
        new TrustedLocation(RepoFixture.METADATA_URL, RepoFixture.TARGETS_URL, PINS).writeTo(fixture.root.signed());
    }

    private TufUpdater following() {
        return TufClient.builder().metadataStore(store).fetcher(repo.fetcher).clock(clock).build();
    }

    @Test
    void fetchesOnlyFromRootsLocationWithItsPins() {
        TargetFile target = repo.addTarget("a.jar", "a".getBytes(StandardCharsets.UTF_8));
        repo.publish();
        TufUpdater updater = following();
        assertArrayEquals("a".getBytes(StandardCharsets.UTF_8), updater.download(updater.requireTarget("a.jar")));
        assertTrue(repo.fetcher.requests.size() >= 5);
        for (FetchRequest request : repo.fetcher.requests) {
            assertTrue(request.pinned(), request.toString());
            assertEquals(PINS, request.tlsPins());
            assertEquals("repo.test", request.uri().getHost());
        }
        assertEquals(target, updater.requireTarget("a.jar"));
    }

    @Test
    void rootWithoutLocationIsRefusedWhenFollowing() {
        repo.nextRoot();
        repo.root.signed().remove(TrustedLocation.LOCATION_FIELD);
        repo.publishRoot(repo.signers.get("root"));
        UntrustedLocationException e = assertThrows(UntrustedLocationException.class, () -> following().refresh());
        assertTrue(e.getMessage().contains("root v2 names no repository location"), e.getMessage());
    }

    @Test
    void followsARootRotationToANewLocationAndPins() {
        List<String> newPins = List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBA=");
        repo.nextRoot();
        new TrustedLocation(URI.create("https://mirror.test/m/"), URI.create("https://mirror.test/t/"), newPins)
                .writeTo(repo.root.signed());
        repo.publishRoot(repo.signers.get("root"));
        Map<String, byte[]> moved = new HashMap<>();
        repo.fetcher.files.forEach((uri, bytes) -> moved.put(uri.replace("https://repo.test/metadata/", "https://mirror.test/m/")
                .replace("https://repo.test/targets/", "https://mirror.test/t/"), bytes));
        repo.fetcher.files.putAll(moved);

        assertEquals(2, following().refresh().rootVersion());
        List<FetchRequest> requests = repo.fetcher.requests;
        assertEquals("https://repo.test/metadata/2.root.json", requests.get(0).uri().toString());
        assertEquals("https://mirror.test/m/3.root.json", requests.get(1).uri().toString());
        assertEquals(newPins, requests.get(1).tlsPins());
        assertTrue(requests.stream().skip(1).allMatch(r -> r.uri().getHost().equals("mirror.test")));
    }

    /**
     * Issue 6 item 10: a signed root that pins TLS keys yet names an http location is refused as malformed:
     * the rotation is not accepted, root stays v1, and nothing is fetched from the http location.
     */
    @Test
    void aRootRotationToAnHttpLocationWithPinsIsRefused() {
        repo.nextRoot();
        ObjectNode location = repo.root.signed().putObject(TrustedLocation.LOCATION_FIELD);
        location.put("metadata_url", "http://repo.test/metadata/");
        location.put("targets_url", "http://repo.test/targets/");
        repo.publishRoot(repo.signers.get("root"));
        var before = io.patchbay.tuf.testing.DirectorySnapshot.of(store.directory());

        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, () -> following().refresh());
        assertTrue(e.getMessage().contains("must be https"), e.getMessage());
        assertEquals(before, io.patchbay.tuf.testing.DirectorySnapshot.of(store.directory()));
        assertTrue(repo.fetcher.requests.stream().allMatch(r -> r.uri().getScheme().equals("https")));
    }

    @Test
    void anInitialRootPinningAnHttpLocationIsNotInstalled() {
        Metadata root = Metadata.parse(repo.rootBytes());
        ObjectNode location = root.signed().putObject(TrustedLocation.LOCATION_FIELD);
        location.put("metadata_url", "http://repo.test/metadata/");
        location.put("targets_url", "https://repo.test/targets/");
        RepoFixture.sign(root, repo.signers.get("root"));
        var fresh = new io.patchbay.tuf.impl.store.DirectoryMetadataStore(dir.resolve("fresh"));
        assertThrows(MalformedMetadataException.class, () -> TufClient.initialize(fresh, root.toBytes()));
        assertTrue(fresh.load("root").isEmpty());
    }

    @Test
    void pinsMustBeSha256DigestsInBase64() {
        for (String pin : List.of("sha256/<base64 SHA-256 of the server certificate's SubjectPublicKeyInfo>",
                "sha256/AAAA", "sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "sha256/" + "A".repeat(43),
                "sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAB=", "")) {
            assertThrows(MalformedMetadataException.class, () -> TrustedLocation.checkPin(pin), pin);
        }
        assertEquals(PINS.get(0), TrustedLocation.checkPin(PINS.get(0)));
    }

    @Test
    void targetPathsCannotLeaveTheTargetsLocation() {
        for (String path : List.of("../secret", "a/../../x", "//evil.test/x", "a//b", "./a")) {
            repo.targets.signed().with("targets").putObject(path).put("length", 1).putObject("hashes").put("sha256", "00");
        }
        repo.publish();
        TufUpdater updater = following();
        for (String path : List.of("../secret", "a/../../x", "//evil.test/x", "a//b", "./a")) {
            TargetFile target = updater.requireTarget(path);
            assertThrows(UntrustedLocationException.class, () -> updater.download(target), path);
        }
    }

    @Test
    void endpointRefusesUrlsOutsideItsBase() {
        Endpoint endpoint = new Endpoint(URI.create("https://repo.test/m/"), URI.create("https://repo.test/t/"), true, PINS);
        assertEquals("https://repo.test/m/1.root.json", endpoint.metadata("1.root.json", 10).uri().toString());
        assertThrows(UntrustedLocationException.class, () -> endpoint.metadata("../t/x", 10));
        assertThrows(UntrustedLocationException.class, () -> endpoint.target("x?redirect=1", 10));
        assertThrows(UntrustedLocationException.class, () -> Endpoint.requireUnder(URI.create("https://repo.test/m/"),
                URI.create("https://repo.test:8443/m/x")));
        assertThrows(UntrustedLocationException.class, () -> Endpoint.requireUnder(URI.create("https://repo.test/m/"),
                URI.create("http://repo.test/m/x")));
        Endpoint.requireUnder(URI.create("https://repo.test/m/"), URI.create("https://repo.test:443/m/x"));
    }

    @Test
    void fixedRepositoryIgnoresRootLocationAndDoesNotPin() {
        repo.publish();
        updater().refresh();
        assertTrue(repo.fetcher.requests.stream().noneMatch(FetchRequest::pinned));
        assertEquals(1, Metadata.parse(stored("root").orElseThrow()).version());
    }
}
