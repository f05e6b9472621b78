package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.testing.MutableClock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.TestResources;
import io.patchbay.tuf.api.RefreshResult;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole workflow over python-tuf's own signed test repository (see src/test/resources/interop). */
class PythonTufInteropTest {

    private static final String META = "https://py.test/metadata/";
    private static final String TARGETS = "https://py.test/targets/";

    @TempDir
    Path dir;

    @Test
    void refreshesAndFindsTargetsIncludingADelegatedOne() {
        MemoryFetcher fetcher = new MemoryFetcher();
        for (String role : List.of("timestamp", "snapshot", "targets", "role1", "role2")) {
            fetcher.files.put(META + role + ".json", TestResources.pythonTuf(role));
        }
        fetcher.files.put(TARGETS + "file1.txt", "This is an example target file.".getBytes(StandardCharsets.UTF_8));
        fetcher.files.put(TARGETS + "file3.txt", "This is role1's target file.".getBytes(StandardCharsets.UTF_8));
        DirectoryMetadataStore store = new DirectoryMetadataStore(dir.resolve("metadata"));
        TufClient.initialize(store, TestResources.pythonTuf("root"));

        TufUpdater updater = TufClient.builder().metadataStore(store).targetDir(dir.resolve("targets"))
                .fetcher(fetcher).clock(new MutableClock(Instant.parse("2025-01-01T00:00:00Z")))
                .repository(URI.create(META), URI.create(TARGETS)).build();
        RefreshResult result = updater.refresh();
        assertEquals(new RefreshResult(1, 1, 1, 1, 0, true), result);

        TargetFile file1 = updater.requireTarget("file1.txt");
        assertEquals("0644", file1.custom().get("file_permissions").textValue());
        assertArrayEquals("This is an example target file.".getBytes(StandardCharsets.UTF_8), updater.download(file1));

        assertArrayEquals("This is role1's target file.".getBytes(StandardCharsets.UTF_8), updater.fetchTarget("file3.txt"));
        assertArrayEquals(TestResources.pythonTuf("role1"), store.load("role1").orElseThrow());
        assertTrue(updater.findTarget("file4.txt").isEmpty());
    }
}
