package io.patchbay.server.impl.repo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a TUF repository directory ({@code metadata/} and {@code targets/}, as written by the repository tool)
 * read-only, as plain static files that nginx or a CDN can front unchanged.
 *
 * <ul>
 *   <li>GET and HEAD only (405 with {@code Allow} otherwise).</li>
 *   <li>A strong ETag per file version (a SHA-256 of the bytes, see {@link FileVersions}); {@code If-None-Match}
 *       (a list, {@code W/} tags, {@code *}) answers 304 without opening the file when the version is known.</li>
 *   <li>{@code Cache-Control}: files whose name pins their content (versioned metadata, hash-prefixed targets) are
 *       {@code public, max-age=31536000, immutable}; timestamp.json and other unversioned names are
 *       {@code no-cache} (cache, but revalidate every time: a cheap 304); errors are {@code no-store}, so that a
 *       cache never remembers "404" for the next root version a client probes for.</li>
 *   <li>A single byte range on GET ({@link ByteRange}): 206 with {@code Content-Range}, 416 beyond the file,
 *       the whole file when {@code If-Range} names another version or the header is not one plain range;
 *       {@code Accept-Ranges: bytes} on every file answer. Clients resume interrupted target downloads so.</li>
 *   <li>Paths are parsed strictly by {@link RepoPath} (400 for traversal, encoded separators, NUL, overlong);
 *       hidden names (the publisher's {@code .tmp-*.part}), directories, anything outside {@code metadata/} and
 *       {@code targets/}, and symlinks resolving outside the root are 404.</li>
 * </ul>
 *
 * <p>Consistency: the repository tool writes every file to a temporary file in the same directory and renames
 * it into place, so a path always names a complete file. The handler opens the file, then checks that the path
 * still names the same inode it looked up (retrying if a publication swapped it in between), and hashes and sends
 * from that one open file: the ETag and the body always describe the same bytes, and a reader keeps reading the
 * old version even while a new one is renamed over it. None of this is a security boundary for clients: they
 * trust signatures, not this host. It only makes the server serve exactly what the repository tool wrote.
 *
 * <p>Mount: self-contained; give it the repository root and a clock, and mount it at the server's root or
 * under a context path (it serves the path within its context).
 */
public final class RepositoryHandler extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryHandler.class);

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";
    static final String NO_STORE = "no-store";
    /** Files up to this size are sent from one heap buffer; larger ones are streamed from the open file. */
    private static final int SMALL_FILE = 256 * 1024;
    /** A path swapped by concurrent publications more often than this in one request gets a 503. */
    private static final int OPEN_ATTEMPTS = 5;

    private final Path root;
    private final FileVersions versions;

    /**
     * @param repositoryRoot the directory holding {@code metadata/} and {@code targets/} (must exist)
     * @param clock          decides which file versions are too recent to cache an ETag for
     */
    public RepositoryHandler(Path repositoryRoot, Clock clock) {
        Objects.requireNonNull(repositoryRoot, "repositoryRoot");
        try {
            this.root = repositoryRoot.toRealPath();
        } catch (IOException e) {
            throw new IllegalArgumentException("repository root " + repositoryRoot + " is not readable: " + e, e);
        }
        this.versions = new FileVersions(root, clock);
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String method = request.getMethod();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return error(response, callback, 405, "method " + method + " not allowed; GET and HEAD only", false);
        }
        RepoPath path;
        try {
            path = RepoPath.parse(pathInContext(request));
        } catch (RepoPath.Refusal e) {
            return error(response, callback, 400, "bad path: " + e.getMessage(), head);
        }
        if (!path.served()) {
            return error(response, callback, 404, "not found", head);
        }
        try {
            serve(request, response, callback, path, head);
        } catch (NoSuchFileException e) {
            return error(response, callback, 404, "not found", head);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot serve {}: {}", path.segments(), e.toString());
            return error(response, callback, 500, "cannot read the file", head);
        }
        return true;
    }

    /** The raw path below the handler's context (the server in front may have decoded it differently). */
    private static String pathInContext(Request request) {
        String raw = request.getHttpURI().getPath();
        String context = Request.getContextPath(request);
        if (raw != null && context != null && !context.isEmpty() && !"/".equals(context) && raw.startsWith(context)) {
            return raw.substring(context.length());
        }
        return raw;
    }

    private void serve(Request request, Response response, Callback callback, RepoPath path, boolean head)
            throws IOException {
        Path file = resolve(path);
        if (file == null) {
            error(response, callback, 404, "not found", head);
            return;
        }
        List<String> ifNoneMatch = request.getHeaders().getValuesList(HttpHeader.IF_NONE_MATCH);
        for (int attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
            FileVersions.Version version = versions.stat(file);
            if (version == null) {
                error(response, callback, 404, "not found", head);
                return;
            }
            String etag = versions.cached(file, version);
            if (etag != null && !ifNoneMatch.isEmpty() && EntityTags.noneMatchFails(ifNoneMatch, etag)) {
                notModified(response, callback, path, etag);
                return;
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            boolean handedOver = false;
            try {
                if (!version.equals(versions.stat(file))) {
                    continue; // a publication renamed a new version over it while we opened: look again
                }
                if (etag == null) {
                    etag = versions.compute(file, version, channel);
                }
                if (!ifNoneMatch.isEmpty() && EntityTags.noneMatchFails(ifNoneMatch, etag)) {
                    notModified(response, callback, path, etag);
                    return;
                }
                ByteRange.Decision decision = head ? new ByteRange.Full() : rangeOf(request, etag, version.size());
                if (decision instanceof ByteRange.Unsatisfiable) {
                    response.getHeaders().put(HttpHeader.CONTENT_RANGE, ByteRange.unsatisfied(version.size()));
                    error(response, callback, 416, "range not satisfiable: the file has " + version.size()
                            + " bytes", false);
                    return;
                }
                ByteRange range = decision instanceof ByteRange.Partial partial
                        ? partial.range() : new ByteRange(0, version.size());
                headers(response, path, etag);
                response.setStatus(decision instanceof ByteRange.Partial ? 206 : 200);
                if (decision instanceof ByteRange.Partial) {
                    response.getHeaders().put(HttpHeader.CONTENT_RANGE, range.contentRange(version.size()));
                }
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType(path));
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, range.length());
                if (head) {
                    response.write(true, null, callback);
                } else if (range.length() <= SMALL_FILE) {
                    response.write(true, read(channel, range.first(), (int) range.length()), callback);
                } else {
                    handedOver = true;
                    stream(channel, range, response, callback);
                }
                return;
            } finally {
                if (!handedOver) {
                    channel.close();
                }
            }
        }
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
        error(response, callback, 503, "the file is being replaced too often; retry", head);
    }

    /** The file a served path names, inside the root after resolving symlinks; null if it leaves the root. */
    private Path resolve(RepoPath path) throws IOException {
        Path file = root;
        for (String segment : path.segments()) {
            file = file.resolve(segment);
        }
        Path real = file.toRealPath();
        return real.startsWith(root) && !real.equals(root) ? real : null;
    }

    /** The range to send: none on HEAD, and none unless {@code If-Range} (if any) names this very file. */
    private static ByteRange.Decision rangeOf(Request request, String etag, long size) {
        List<String> range = request.getHeaders().getValuesList(HttpHeader.RANGE);
        if (range.isEmpty() || !ByteRange.ifRangeAllows(request.getHeaders().getValuesList(HttpHeader.IF_RANGE), etag)) {
            return new ByteRange.Full();
        }
        return ByteRange.decide(range, size);
    }

    private static ByteBuffer read(FileChannel channel, long first, int length) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(length);
        while (body.hasRemaining()) {
            if (channel.read(body, first + body.position()) < 0) {
                throw new IOException("file shrank while being read (was it rewritten in place?)");
            }
        }
        return body.flip();
    }

    /** Large targets: a blocking copy of exactly the range from the open file on this (blocking) handler thread. */
    private static void stream(FileChannel channel, ByteRange range, Response response, Callback callback) {
        try (channel; OutputStream out = Content.Sink.asOutputStream(response)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long position = range.first();
            long end = range.first() + range.length();
            while (position < end) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
                int n = channel.read(buffer, position);
                if (n < 0) {
                    throw new IOException("file shrank while being read (was it rewritten in place?)");
                }
                out.write(buffer.array(), 0, n);
                position += n;
            }
        } catch (IOException e) {
            callback.failed(e);
            return;
        }
        callback.succeeded();
    }

    private static void notModified(Response response, Callback callback, RepoPath path, String etag) {
        headers(response, path, etag);
        response.setStatus(304);
        response.write(true, null, callback);
    }

    private static void headers(Response response, RepoPath path, String etag) {
        response.getHeaders().put(HttpHeader.ETAG, etag);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, path.immutable() ? IMMUTABLE : REVALIDATE);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.ACCEPT_RANGES, "bytes");
    }

    static String contentType(RepoPath path) {
        String name = path.fileName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".jar")) {
            return "application/java-archive";
        }
        return "application/octet-stream";
    }

    private static boolean error(Response response, Callback callback, int status, String message, boolean head) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, NO_STORE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
        return true;
    }
}
