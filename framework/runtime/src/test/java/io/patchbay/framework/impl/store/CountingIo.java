package io.patchbay.framework.impl.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The store's file operations on the real file system, counted, with writes and deletes that can be made to fail. */
class CountingIo implements StoreIo {
    final StoreIo delegate;
    final AtomicInteger writes = new AtomicInteger();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger listings = new AtomicInteger();
    /** How many of the next deletes fail. */
    int failDeletes;
    /** Writes fail, leaving a temporary file behind as a failure short of a crash can. */
    boolean failWrites;

    CountingIo(StoreIo delegate) {
        this.delegate = delegate;
    }

    @Override
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
        writes.incrementAndGet();
        if (failWrites) {
            Files.write(target.resolveSibling(".tmp-failed"), bytes);
            throw new IOException("ENOSPC");
        }
        delegate.writeAtomically(target, bytes);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        reads.incrementAndGet();
        return delegate.read(file);
    }

    @Override
    public boolean exists(Path file) {
        return delegate.exists(file);
    }

    @Override
    public List<Path> list(Path d) throws IOException {
        listings.incrementAndGet();
        return delegate.list(d);
    }

    @Override
    public void delete(Path file) throws IOException {
        if (failDeletes > 0) {
            failDeletes--;
            throw new IOException("EBUSY");
        }
        delegate.delete(file);
    }
}
