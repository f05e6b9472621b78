package io.patchbay.framework.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.framework.api.StoreException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Garbage collection lists the store only when it can find something to delete, and still never deletes a retained
 * entry nor lets an orphan outlive the next start-up's collection.
 */
class StoreCollectionTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Set<String> entries() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aCollectionThatCanFindNothingDoesNotList() throws IOException {
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        String a = store.put(bytes("a"));
        String b = store.put(bytes("b"));
        assertEquals(0, store.retainOnly(Set.of(a, b)));
        assertEquals(1, io.listings.get(), "a new store lists on its first collection");
        store.put(bytes("a"));
        store.put(bytes("b"));
        assertEquals(0, store.retainOnly(Set.of(a, b)));
        assertEquals(0, store.retainOnly(Set.of(a, b, "f".repeat(64))));
        assertEquals(1, io.listings.get(), "swapping between retained entries lists nothing");
    }

    @Test
    void aNewEntryOrAShrunkRetainedSetLists() throws IOException {
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        String a = store.put(bytes("a"));
        String b = store.put(bytes("b"));
        store.retainOnly(Set.of(a, b));
        String c = store.put(bytes("c"));
        assertEquals(1, store.retainOnly(Set.of(b, c)), "a no longer retained");
        assertEquals(2, io.listings.get());
        assertEquals(Set.of(b + ".jar", c + ".jar"), entries());
        String d = store.put(bytes("d"));
        assertEquals(1, store.retainOnly(Set.of(b, c)), "d was put and is not retained");
        assertEquals(3, io.listings.get());
        assertEquals(Set.of(b + ".jar", c + ".jar"), entries());
        assertTrue(!store.contains(d));
    }

    @Test
    void aFailedDeleteListsAgainNextTime() throws IOException {
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        String a = store.put(bytes("a"));
        String b = store.put(bytes("b"));
        io.failDeletes = 1;
        assertEquals(0, store.retainOnly(Set.of(b)));
        assertEquals(Set.of(a + ".jar", b + ".jar"), entries());
        assertEquals(1, store.retainOnly(Set.of(b)), "the orphan the failure left is collected next time");
        assertEquals(Set.of(b + ".jar"), entries());
        assertEquals(2, io.listings.get());
    }

    @Test
    void aFailedWriteListsAgainNextTimeEvenOfARetainedEntry() throws IOException {
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        String a = store.put(bytes("a"));
        String z = Sha256.hex(bytes("z"));
        store.retainOnly(Set.of(a, z));
        io.failWrites = true;
        assertThrows(StoreException.class, () -> store.put(bytes("z")));
        assertEquals(Set.of(".tmp-failed", a + ".jar"), entries());
        assertEquals(1, store.retainOnly(Set.of(a, z)), "the leftover is found although every entry it knows is kept");
        assertEquals(Set.of(a + ".jar"), entries());
        assertEquals(2, io.listings.get());
    }

    /**
     * Random puts and collections, each followed now and then by a restart (a new store on the same directory): a
     * retained entry is never deleted, and after a restart's first collection the directory holds exactly the
     * retained entries that exist.
     */
    @Test
    void noRetainedEntryIsDeletedAndNoOrphanOutlivesTheNextStartUp() throws IOException {
        Random random = new Random(20261201L);
        List<String> contents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            contents.add("content " + i);
        }
        CountingIo io = new CountingIo(new DurableFiles());
        BundleStore store = new BundleStore(dir, io);
        Set<String> present = new HashSet<>();
        for (int step = 0; step < 400; step++) {
            int action = random.nextInt(10);
            if (action < 5) {
                String hash = store.put(bytes(contents.get(random.nextInt(contents.size()))));
                present.add(hash);
            } else if (action < 9) {
                Set<String> keep = new HashSet<>();
                for (String c : contents) {
                    if (random.nextInt(3) == 0) {
                        keep.add(Sha256.hex(bytes(c)));
                    }
                }
                store.retainOnly(keep);
                for (String hash : keep) {
                    assertEquals(present.contains(hash), store.contains(hash), "a retained entry survives");
                }
                present.retainAll(keep);
                assertEquals(present, hashes(), "whatever the store listed or skipped, nothing else is left");
            } else {
                if (random.nextBoolean()) {
                    Files.writeString(dir.resolve(".tmp-" + step), "left by a crash");
                }
                store = new BundleStore(dir, io);
                Set<String> keep = new HashSet<>(present);
                keep.removeIf(h -> random.nextBoolean());
                store.retainOnly(keep);
                present.retainAll(keep);
                assertEquals(present, hashes(), "the first collection after a start removes every orphan");
            }
        }
    }

    private Set<String> hashes() throws IOException {
        Set<String> hashes = new HashSet<>();
        for (String name : entries()) {
            if (name.endsWith(".jar")) {
                hashes.add(name.substring(0, name.length() - 4));
            } else {
                hashes.add(name);
            }
        }
        return hashes;
    }
}
