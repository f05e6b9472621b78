package io.patchbay.tuf.impl.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsistentSnapshotTest extends ClientTestBase {

    @Override
    void customize(RepoFixture fixture) {
        fixture.consistentSnapshot = true;
        fixture.root = Metadata.of(fixture.rootSigned(1));
    }

    @Test
    void fetchesVersionedMetadataAndHashPrefixedTargets() {
        byte[] content = "bundle".getBytes(StandardCharsets.UTF_8);
        TargetFile target = repo.addTarget("bundles/app.jar", content);
        Metadata role = repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        repo.publish();
        TufUpdater updater = updater();
        assertArrayEquals(content, updater.fetchTarget("bundles/app.jar"));
        updater.findTarget("plugins/x.jar");

        List<String> paths = repo.fetcher.requestedPaths();
        assertTrue(paths.containsAll(List.of("/metadata/2.root.json", "/metadata/timestamp.json",
                "/metadata/2.snapshot.json", "/metadata/2.targets.json", "/metadata/" + role.version() + ".plugins.json",
                "/targets/bundles/" + target.hashes().get("sha256") + ".app.jar")), paths.toString());
        assertFalse(paths.contains("/metadata/snapshot.json"));
        assertFalse(paths.contains("/metadata/targets.json"));
        assertFalse(paths.contains("/targets/bundles/app.jar"));
    }
}
