package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleStoreTest {
    @TempDir
    Path dir;

    private final byte[] content = "bundle bytes".getBytes(StandardCharsets.UTF_8);

    @Test
    void storesUnderTheSha256OfTheContent() throws Exception {
        BundleStore store = new BundleStore(dir, new DurableFiles());
        String hash = store.put(content);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        assertEquals(expected, hash);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve(expected + ".jar")));
        assertArrayEquals(content, store.get(hash));
        assertEquals(List.of(dir.resolve(expected + ".jar")), Files.list(dir).toList(), "no temporary file is left");
    }

    @Test
    void reusesAnIntactEntryAfterRehashingIt() {
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        store.put(content);
        store.put(content);
        assertEquals(Sha256.hex(content), store.put(content), "a reused entry still answers its address");
        assertEquals(1, io.writes.get());
        assertEquals(2, io.reads.get(), "each later put re-read the existing entry");
        assertEquals(dir, store.directory());
    }

    @Test
    void refusesATamperedEntryAndRepairsItFromVerifiedBytes() throws IOException {
        BundleStore store = new BundleStore(dir, new DurableFiles());
        String hash = store.put(content);
        Files.writeString(dir.resolve(hash + ".jar"), "evil");
        StoreException e = assertThrows(StoreException.class, () -> store.get(hash));
        assertTrue(e.getMessage().contains("tampered"), e.getMessage());
        store.put(content);
        assertArrayEquals(content, store.get(hash));
    }

    @Test
    void aFailingWriteLeavesNothingBehind() throws IOException {
        StoreIo full = new CountingIo(new DurableFiles()) {
            @Override
            public void writeAtomically(Path target, byte[] bytes) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        BundleStore store = new BundleStore(dir, full);
        StoreException e = assertThrows(StoreException.class, () -> store.put(content));
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(store.contains(Sha256.hex(content)));
        assertEquals(0, Files.list(dir).count());
    }

    @Test
    void aWriteIntoAnUnusableDirectoryFailsWithoutATemporaryFile() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        BundleStore store = new BundleStore(notADirectory.resolve("store"), new DurableFiles());
        assertThrows(StoreException.class, () -> store.put(content));
        assertEquals(List.of(notADirectory), Files.list(dir).toList());
    }

    @Test
    void missingAndMalformedAddressesAreStoreErrors() {
        BundleStore store = new BundleStore(dir, new DurableFiles());
        assertThrows(StoreException.class, () -> store.get(Sha256.hex(content)));
        assertThrows(StoreException.class, () -> store.get("../../etc/passwd"));
    }

    @Test
    void garbageCollectionKeepsOnlyWhatIsRetained() throws IOException {
        BundleStore store = new BundleStore(dir, new DurableFiles());
        String kept = store.put(content);
        String previous = store.put("previous".getBytes(StandardCharsets.UTF_8));
        String dropped = store.put("old".getBytes(StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(".tmp-leftover"), "half");
        assertEquals(2, store.retainOnly(Set.of(kept, previous)));
        assertTrue(store.contains(kept));
        assertTrue(store.contains(previous));
        assertFalse(store.contains(dropped));
        assertEquals(2, Files.list(dir).count());
    }
}
