package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.FetchRequest;
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
        return TufUpdater.builder().metadataStore(store).fetcher(repo.fetcher).clock(clock).build();
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
        List<String> newPins = List.of("sha256/BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB=");
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
