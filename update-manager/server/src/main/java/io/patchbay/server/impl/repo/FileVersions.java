package io.patchbay.server.impl.repo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Strong ETags: {@code "<base64url of SHA-256 of the bytes>"}, computed once per file version and cached.
 *
 * <p>Why a content hash rather than nginx's length+mtime: the repository replaces timestamp.json on every
 * publication, often within the same second and with the same length (only the version digits and the
 * signature change), and two versions with equal length+mtime would share an ETag, so a client would be told
 * 304 for a file that changed. A hash cannot collide that way, and it is the same on every node serving the
 * same directory (length+mtime+inode is not), so a CDN or load balancer in front sees one ETag per content.
 *
 * <p>A <em>file version</em> is (device+inode, size, mtime, ctime). The repository tool publishes by atomic
 * rename, so every new version is a new inode; ctime (set by the kernel on any write or rename, and not settable
 * by utime) additionally catches a file rewritten in place by some other tool. And a version whose mtime or
 * ctime is within {@link #RACY_WINDOW} of the clock is not cached but hashed on every request, like git's
 * "racily clean" check: a same-size in-place write within the file system's timestamp granularity (or, where
 * ctime is not available, any same-size in-place write that restores mtime soon after) would otherwise be
 * invisible. That is what the clock is for; it costs one hash per request for files younger than two seconds.
 */
final class FileVersions {

    static final Duration RACY_WINDOW = Duration.ofSeconds(2);
    /** Bounds the cache; past it the cache starts over (old versions are dead entries anyway). */
    static final int MAX_ENTRIES = 10_000;
    private static final int HASH_BUFFER = 64 * 1024;
    private static final String UNIX_ATTRIBUTES = "unix:dev,ino,size,lastModifiedTime,ctime,isRegularFile";

    /** What identifies one file version on disk. */
    record Version(Object fileKey, long size, long mtimeNanos, long ctimeNanos) {
    }

    private record Entry(Version version, String etag) {
    }

    private final Clock clock;
    private final boolean unixAttributes;
    private final Map<Path, Entry> cache = new ConcurrentHashMap<>();

    FileVersions(Path probe, Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unixAttributes = supportsUnixAttributes(probe);
    }

    private static boolean supportsUnixAttributes(Path probe) {
        try {
            Files.readAttributes(probe, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return false;
        }
    }

    /** The version at {@code file} (not following a final symlink), or null if it is not a regular file. */
    Version stat(Path file) throws IOException {
        if (unixAttributes) {
            Map<String, Object> a = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
                return null;
            }
            return new Version(a.get("dev") + ":" + a.get("ino"), (Long) a.get("size"),
                    nanos((FileTime) a.get("lastModifiedTime")), nanos((FileTime) a.get("ctime")));
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isRegularFile()) {
            return null;
        }
        return new Version(a.fileKey(), a.size(), nanos(a.lastModifiedTime()), -1);
    }

    /** The ETag of {@code version} if it was computed before and may be trusted without reading the file. */
    String cached(Path file, Version version) {
        Entry entry = cache.get(file);
        return entry != null && entry.version().equals(version) ? entry.etag() : null;
    }

    /** Hashes what {@code channel} (opened on {@code version} of {@code file}) holds, and caches it if safe. */
    String compute(Path file, Version version, FileChannel channel) throws IOException {
        MessageDigest sha256 = sha256();
        ByteBuffer buffer = ByteBuffer.allocate(HASH_BUFFER);
        long position = 0;
        for (int n; (n = channel.read(buffer, position)) > 0; position += n) {
            buffer.flip();
            sha256.update(buffer);
            buffer.clear();
        }
        String etag = "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(sha256.digest()) + "\"";
        if (position == version.size() && !racy(version)) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(file, new Entry(version, etag));
        }
        return etag;
    }

    private boolean racy(Version version) {
        long now = nanos(FileTime.from(clock.instant()));
        return Math.max(version.mtimeNanos(), version.ctimeNanos()) >= now - RACY_WINDOW.toNanos();
    }

    private static long nanos(FileTime time) {
        return time.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JRE lacks SHA-256", e);
        }
    }
}
