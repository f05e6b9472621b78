package io.patchbay.tuf.impl.store;

import io.patchbay.tuf.api.LocalStorageException;
import io.patchbay.tuf.api.PartialDownload;
import io.patchbay.tuf.api.TargetStore;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.impl.client.RemoteNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Targets as flat files {@code <dir>/<URL-quoted target path>} — python-tuf's layout (and what the
 * conformance client expects): "a/b.jar" is stored as "a%2Fb.jar", so no path can leave the directory. An
 * interrupted download is kept beside it ({@link #partial}) and resumed.
 */
public final class DirectoryTargetStore implements TargetStore {

    /** 255 bytes minus "." + "#etag" + a temporary file's random part and ".tmp" (a quoted name is ASCII). */
    static final int MAX_NAME_WITH_PARTIAL = 200;

    private final Path dir;
    private final AtomicFiles files;

    public DirectoryTargetStore(Path dir) {
        this(dir, AtomicFiles.ON_DISK);
    }

    DirectoryTargetStore(Path dir, AtomicFiles files) {
        this.dir = dir;
        this.files = files;
    }

    public Path fileOf(TargetFile target) {
        String name = RemoteNames.quote(target.path());
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw new LocalStorageException("target path '" + target.path() + "' cannot be stored as a file name");
        }
        return dir.resolve(name);
    }

    @Override
    public Optional<byte[]> load(TargetFile target) {
        try {
            return Optional.of(Files.readAllBytes(fileOf(target)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LocalStorageException("cannot read " + fileOf(target) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Beside the target: {@code <name>#partial} and {@code <name>#etag}. A quoted target name never contains a
     * raw '#' (it is always written %23), so these names cannot be the file of any target. A name too long to
     * take the suffixes (and the tag's temporary file) within the usual 255-byte file-name limit keeps none: its
     * downloads are not resumed rather than failed.
     */
    @Override
    public Optional<PartialDownload> partial(TargetFile target) {
        Path file = fileOf(target);
        Path dir = file.toAbsolutePath().getParent();
        String name = file.getFileName().toString();
        if (name.length() > MAX_NAME_WITH_PARTIAL) {
            return Optional.empty();
        }
        return Optional.of(new FilePartial(dir.resolve(name + "#partial"), dir.resolve(name + "#etag"), files));
    }

    @Override
    public void store(TargetFile target, byte[] verifiedContent) {
        try {
            files.write(fileOf(target), verifiedContent);
        } catch (IOException e) {
            throw new LocalStorageException("cannot write " + fileOf(target) + ": " + e.getMessage(), e);
        }
    }
}
