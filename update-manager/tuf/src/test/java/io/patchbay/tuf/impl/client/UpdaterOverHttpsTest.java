package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.client.TufClient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TrustedLocation;
import io.patchbay.tuf.impl.http.LoopbackServer;
import io.patchbay.tuf.impl.http.TestCertificates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default updater (HttpFetcher, location and pins from root) against a loopback HTTPS repository. */
class UpdaterOverHttpsTest extends ClientTestBase {

    private static TestCertificates.Identity identity;
    private static LoopbackServer server;

    @BeforeAll
    static void start() throws Exception {
        identity = TestCertificates.selfSigned("repo");
        server = new LoopbackServer(identity);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Override
    void customize(RepoFixture fixture) {
        location(List.of(identity.pin())).writeTo(fixture.root.signed());
    }

    private static TrustedLocation location(List<String> pins) {
        return new TrustedLocation(URI.create(server.httpsBase() + "metadata/"),
                URI.create(server.httpsBase() + "targets/"), pins);
    }

    private void serveRepository() {
        server.files.clear();
        server.etags.clear();
        repo.fetcher.files.forEach((uri, bytes) -> server.files.put(uri.substring("https://repo.test/".length()), bytes));
    }

    private TufUpdater defaultUpdater() {
        return TufClient.builder().metadataStore(store).targetDir(dir.resolve("targets")).clock(clock).build();
    }

    @Test
    void refreshesAndDownloadsOverPinnedTls() {
        byte[] content = "bundle over TLS".getBytes(StandardCharsets.UTF_8);
        repo.addTarget("bundles/b.jar", content);
        repo.publish();
        serveRepository();
        TufUpdater updater = defaultUpdater();
        assertEquals(2, updater.refresh().targetsVersion());
        assertArrayEquals(content, updater.fetchTarget("bundles/b.jar"));
    }

    @Test
    void aRootRotatingToOtherPinsMakesThisServerUntrusted() throws Exception {
        repo.nextRoot();
        location(List.of(TestCertificates.selfSigned("elsewhere").pin())).writeTo(repo.root.signed());
        repo.publishRoot(repo.signers.get("root"));
        serveRepository();
        // 2.root.json is fetched with v1's pins; from then on v2's pins apply and this server no longer matches.
        assertThrows(DownloadException.class, () -> defaultUpdater().refresh());
        assertEquals(2, storedVersion("root"));
    }

    @Test
    void timestampIsFetchedConditionallyAndNotModifiedStillChecksExpiry() {
        repo.timestamp.setExpires(NOW.plus(java.time.Duration.ofHours(1)));
        repo.publish();
        serveRepository();
        server.etags.put("metadata/timestamp.json", List.of("\"ts-2\""));
        TufUpdater updater = defaultUpdater();
        assertEquals(2, updater.refresh().timestampVersion());
        org.junit.jupiter.api.Assertions.assertNull(server.lastIfNoneMatch);
        assertEquals(2, defaultUpdater().refresh().timestampVersion());
        assertEquals("\"ts-2\"", server.lastIfNoneMatch, "answered 304");

        clock.set(NOW.plus(java.time.Duration.ofHours(1)));
        int requests = server.requests.get();
        assertThrows(io.patchbay.tuf.api.ExpiredMetadataException.class, () -> defaultUpdater().refresh());
        assertEquals(requests + 3, server.requests.get(), "2.root.json, timestamp.json answered 304, then in full");
        org.junit.jupiter.api.Assertions.assertNull(server.lastIfNoneMatch, "the full fetch is unconditional");
    }
}
