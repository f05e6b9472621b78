package io.patchbay.framework.impl.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.patchbay.framework.impl.store.PendingOps.Inode;
import io.patchbay.framework.impl.store.PendingOps.Link;
import io.patchbay.framework.impl.store.PendingOps.Op;
import io.patchbay.framework.impl.store.PendingOps.Rename;
import io.patchbay.framework.impl.store.PendingOps.Truncate;
import io.patchbay.framework.impl.store.PendingOps.Unlink;
import io.patchbay.framework.impl.store.PendingOps.Write;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * An in-memory disk with the durability rules of POSIX, for crash tests. File data reaches the platter only when
 * forced; creates, renames and deletes only when their directory is synced. Until then they are pending, and a
 * power cut may keep any subset of them, in any combination, each write whole or torn ({@link #images()}).
 * Directories made by {@link #createDirectories} are durable at once (the production layer syncs their parents).
 *
 * <p>{@link #crashAt} makes the n-th mutating call throw {@link PowerCut} instead of running: an {@link Error}, so
 * no production {@code catch (IOException | RuntimeException)} treats it as a failure to clean up after. From then
 * on every call throws it. {@link #failOn} makes a call fail with an {@link IOException} instead (a full disk).
 */
public final class SimulatedDisk implements FileLayer {
    /** The power went off. */
    public static final class PowerCut extends Error {
        private static final long serialVersionUID = 1L;

        PowerCut() {
            super("simulated power cut");
        }
    }

    public enum Call { OPEN, CREATE_NEW, WRITE, FORCE, TRUNCATE, MOVE, SYNC_DIRECTORY, CREATE_DIRECTORIES, DELETE, READ }

    private final Map<Path, Inode> durable = new HashMap<>();
    private final Map<Path, Inode> current = new HashMap<>();
    private final Set<Path> directories = new HashSet<>();
    private final List<Op> pending = new ArrayList<>();
    private final DiskFaults faults = new DiskFaults();
    private int openHandles;

    // ---- test controls ----

    /** The {@code n}-th mutating call from now on (1 = the next) cuts the power instead of running. */
    public synchronized SimulatedDisk crashAt(int n) {
        faults.crashAt(n);
        return this;
    }

    /** Mutating calls so far. */
    public synchronized int mutations() {
        return faults.mutations();
    }

    /** Handles opened and not yet closed. */
    public synchronized int openHandles() {
        return openHandles;
    }

    public synchronized int calls(Call call) {
        return faults.calls(call);
    }

    /** The next {@code call}s fail with these exceptions, one each, in order. */
    public synchronized SimulatedDisk failOn(Call call, IOException... exceptions) {
        faults.failOn(call, exceptions);
        return this;
    }

    /** A failing write first writes this many bytes (default: half). */
    public synchronized SimulatedDisk partialWrite(int bytes) {
        faults.partialWrite(bytes);
        return this;
    }

    /** Makes everything durable, as after a clean shutdown. */
    public synchronized SimulatedDisk settle() {
        for (Inode inode : inodes()) {
            inode.durable = inode.current.clone();
        }
        durable.clear();
        durable.putAll(current);
        pending.clear();
        return this;
    }

    /** A settled copy of what the process currently sees. */
    public synchronized SimulatedDisk copy() {
        return image(pending);
    }

    /** Puts a durable file, as if written long ago. */
    public synchronized SimulatedDisk plant(Path file, byte[] bytes) {
        Inode inode = new Inode();
        inode.current = bytes.clone();
        inode.durable = bytes.clone();
        directories.add(file.getParent());
        current.put(file, inode);
        durable.put(file, inode);
        return this;
    }

    /** What the process currently sees in {@code file}, or null. */
    public synchronized byte[] content(Path file) {
        Inode inode = current.get(file);
        return inode == null ? null : inode.current.clone();
    }

    /** The files the process currently sees, sorted. */
    public synchronized List<Path> files() {
        return List.copyOf(new TreeMap<>(current).keySet());
    }

    /**
     * Every disk a power cut now could leave behind: the durable state plus any combination of the pending
     * operations, applied in order, each write whole or torn. Each image is a fresh, settled disk.
     */
    public synchronized List<SimulatedDisk> images() {
        List<SimulatedDisk> images = new ArrayList<>();
        for (List<Op> choice : PendingOps.choices(pending)) {
            images.add(image(choice));
        }
        return images;
    }

    private SimulatedDisk image(List<Op> applied) {
        Map<Inode, byte[]> contents = new IdentityHashMap<>();
        for (Inode inode : inodes()) {
            contents.put(inode, inode.durable.clone());
        }
        Map<Path, Inode> names = new HashMap<>(durable);
        for (Op op : applied) {
            if (op instanceof Write w) {
                contents.put(w.inode(), PendingOps.written(contents.get(w.inode()), w.position(), w.bytes()));
            } else if (op instanceof Truncate t) {
                contents.put(t.inode(), PendingOps.truncated(contents.get(t.inode()), t.size()));
            } else if (op instanceof Link l) {
                names.put(l.path(), l.inode());
            } else if (op instanceof Unlink u) {
                names.remove(u.path());
            } else if (op instanceof Rename r && names.containsKey(r.from())) {
                names.put(r.to(), names.remove(r.from()));
            }
        }
        SimulatedDisk image = new SimulatedDisk();
        image.directories.addAll(directories);
        names.forEach((path, inode) -> image.plant(path, contents.get(inode)));
        return image;
    }

    private Set<Inode> inodes() {
        Set<Inode> all = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        all.addAll(current.values());
        all.addAll(durable.values());
        for (Op op : pending) {
            if (op instanceof Write w) {
                all.add(w.inode());
            } else if (op instanceof Truncate t) {
                all.add(t.inode());
            } else if (op instanceof Link l) {
                all.add(l.inode());
            }
        }
        return all;
    }

    // ---- the file layer ----

    private void enter(Call call, boolean mutating) throws IOException {
        faults.enter(call, mutating);
    }

    private void requireDirectory(Path dir) throws IOException {
        if (!directories.contains(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such directory");
        }
    }

    @Override
    public synchronized Handle open(Path file) throws IOException {
        enter(Call.OPEN, true);
        Inode inode = current.get(file);
        if (inode == null) {
            requireDirectory(file.getParent());
            inode = new Inode();
            current.put(file, inode);
            pending.add(new Link(file, inode));
        }
        return new SimHandle(inode);
    }

    @Override
    public synchronized Handle createNew(Path file) throws IOException {
        enter(Call.CREATE_NEW, true);
        if (current.containsKey(file)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        requireDirectory(file.getParent());
        Inode inode = new Inode();
        current.put(file, inode);
        pending.add(new Link(file, inode));
        return new SimHandle(inode);
    }

    @Override
    public synchronized boolean exists(Path file) {
        faults.requirePower();
        return current.containsKey(file);
    }

    @Override
    public synchronized byte[] read(Path file, long limit) throws IOException {
        enter(Call.READ, false);
        Inode inode = current.get(file);
        if (inode == null) {
            throw new NoSuchFileException(file.toString());
        }
        if (inode.current.length > limit) {
            throw new IOException(file + " is " + inode.current.length + " bytes, more than the " + limit + " allowed");
        }
        return inode.current.clone();
    }

    @Override
    public synchronized void move(Path from, Path to) throws IOException {
        enter(Call.MOVE, true);
        if (!from.getParent().equals(to.getParent())) {
            throw new IOException("the simulated disk renames only within a directory");
        }
        Inode inode = current.remove(from);
        if (inode == null) {
            throw new NoSuchFileException(from.toString());
        }
        current.put(to, inode);
        pending.add(new Rename(from, to));
    }

    @Override
    public synchronized void syncDirectory(Path dir) throws IOException {
        enter(Call.SYNC_DIRECTORY, true);
        requireDirectory(dir);
        List<Op> remaining = new ArrayList<>();
        for (Op op : pending) {
            if (op instanceof Link l && l.path().getParent().equals(dir)) {
                durable.put(l.path(), l.inode());
            } else if (op instanceof Unlink u && u.path().getParent().equals(dir)) {
                durable.remove(u.path());
            } else if (op instanceof Rename r && r.from().getParent().equals(dir)) {
                Inode inode = durable.remove(r.from());
                if (inode != null) {
                    durable.put(r.to(), inode);
                }
            } else {
                remaining.add(op);
            }
        }
        pending.clear();
        pending.addAll(remaining);
    }

    @Override
    public synchronized void createDirectories(Path dir) throws IOException {
        enter(Call.CREATE_DIRECTORIES, true);
        for (Path p = dir; p != null; p = p.getParent()) {
            directories.add(p);
        }
    }

    @Override
    public synchronized List<Path> list(Path dir) {
        faults.requirePower();
        return current.keySet().stream().filter(p -> dir.equals(p.getParent())).sorted().toList();
    }

    @Override
    public synchronized void delete(Path file) throws IOException {
        enter(Call.DELETE, true);
        if (current.remove(file) != null) {
            pending.add(new Unlink(file));
        }
    }

    private final class SimHandle implements Handle {
        private final Inode inode;
        private boolean closed;

        SimHandle(Inode inode) {
            this.inode = inode;
            openHandles++;
        }

        private void check() throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (SimulatedDisk.this) {
                enter(Call.READ, false);
                check();
                return inode.current.length;
            }
        }

        @Override
        public byte[] read(long position, int length) throws IOException {
            synchronized (SimulatedDisk.this) {
                enter(Call.READ, false);
                check();
                if (position + length > inode.current.length) {
                    throw new FileNotFoundException("read past the end");
                }
                return Arrays.copyOfRange(inode.current, (int) position, (int) position + length);
            }
        }

        @Override
        public void write(long position, byte[] bytes) throws IOException {
            synchronized (SimulatedDisk.this) {
                try {
                    enter(Call.WRITE, true);
                } catch (IOException e) {
                    int partial = faults.partialLength(bytes.length);
                    apply(new Write(inode, position, Arrays.copyOf(bytes, partial)));
                    throw e;
                }
                check();
                apply(new Write(inode, position, bytes.clone()));
            }
        }

        private void apply(Write w) {
            inode.current = PendingOps.written(inode.current, w.position(), w.bytes());
            pending.add(w);
        }

        @Override
        public void force() throws IOException {
            synchronized (SimulatedDisk.this) {
                enter(Call.FORCE, true);
                check();
                inode.durable = inode.current.clone();
                pending.removeIf(op -> op instanceof Write w && w.inode() == inode
                        || op instanceof Truncate t && t.inode() == inode);
            }
        }

        @Override
        public void truncate(long size) throws IOException {
            synchronized (SimulatedDisk.this) {
                enter(Call.TRUNCATE, true);
                check();
                inode.current = PendingOps.truncated(inode.current, size);
                pending.add(new Truncate(inode, size));
            }
        }

        @Override
        public void close() {
            synchronized (SimulatedDisk.this) {
                if (!closed) {
                    openHandles--;
                }
                closed = true;
            }
        }
    }
}
