package io.patchbay.tuf.cli.attacks;

import io.patchbay.tuf.api.TufUpdater;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Target names that need escaping, and caching of metadata and targets. */
class TargetDownloadTest extends SimulatorTestBase {

    static final List<String> SPECIAL_NAMES = List.of("with space.txt", "ünïcødé/файл 名.txt", "percent%20literal.txt",
            "question?mark#hash.txt", "plus+and&semi;colon.txt", "dir/sub dir/x.txt");

    @Test
    void targetsWithSpecialCharactersDownload() {
        for (String name : SPECIAL_NAMES) {
            sim.repo().addTarget(write(name), name, null);
        }
        sim.publish();
        TufUpdater updater = sim.updater();
        for (String name : SPECIAL_NAMES) {
            assertArrayEquals(("content of " + name).getBytes(StandardCharsets.UTF_8), updater.fetchTarget(name), name);
        }
    }

    @Test
    void aDownloadedTargetIsNotFetchedAgain() {
        sim.addTarget("app.txt", "app", null);
        TufUpdater first = sim.updater();
        first.fetchTarget("app.txt");
        assertEquals(1, sim.fetcher().count(".app.txt"));
        TufUpdater second = sim.updater();
        assertArrayEquals("app".getBytes(StandardCharsets.UTF_8), second.fetchTarget("app.txt"));
        assertEquals(0, sim.fetcher().count(".app.txt"), "served from the target directory");
    }

    @Test
    void aRefreshWithNothingNewFetchesOnlyTheNextRootAndTimestamp() {
        TufUpdater updater = sim.updater();
        updater.refresh();
        List<String> paths = sim.fetcher().requests().stream().map(u -> u.getPath()).toList();
        assertEquals(List.of("/metadata/2.root.json", "/metadata/timestamp.json"), paths);
    }

    private java.nio.file.Path write(String name) {
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile(tmp, "t", ".bin");
            java.nio.file.Files.writeString(file, "content of " + name, StandardCharsets.UTF_8);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
