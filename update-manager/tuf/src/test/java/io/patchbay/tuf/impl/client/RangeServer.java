package io.patchbay.tuf.impl.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A raw HTTP/1.1 server on 127.0.0.1 (one connection at a time, {@code Connection: close}) whose answers a test
 * controls down to the byte: it can cut a body after K bytes, send other bytes than it announced, or a
 * {@code Content-Range} of its choosing. By default it answers like an honest server with ranges.
 */
final class RangeServer implements AutoCloseable {

    /** One request as the server saw it. */
    record Seen(String path, String range, String ifRange) {
    }

    /** How to answer one request for a file. */
    interface Answer {
        void write(Seen request, byte[] file, String etag, OutputStream out) throws IOException;
    }

    private static final Pattern OPEN_RANGE = Pattern.compile("bytes=(\\d+)-");

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final Map<String, String> etags = new ConcurrentHashMap<>();
    /** Requests under targets/, in order. */
    final List<Seen> targetRequests = new CopyOnWriteArrayList<>();
    /** One-shot answers for the next target requests; when empty, {@link #HONEST}. */
    final Queue<Answer> next = new ConcurrentLinkedQueue<>();
    private final ServerSocket socket;
    private final Thread thread;

    RangeServer() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serveAll, "range-server");
        thread.setDaemon(true);
        thread.start();
    }

    String base() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }

    private void serveAll() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                serve(connection);
            } catch (IOException e) {
                // the client went away, or the server is closing
            }
        }
    }

    private void serve(Socket connection) throws IOException {
        InputStream in = new BufferedInputStream(connection.getInputStream());
        String requestLine = line(in);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String header; !(header = line(in)).isEmpty(); ) {
            int colon = header.indexOf(':');
            headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
        }
        String path = requestLine.split(" ")[1].substring(1);
        Seen seen = new Seen(path, headers.get("Range"), headers.get("If-Range"));
        OutputStream out = connection.getOutputStream();
        byte[] file = files.get(path);
        if (file == null) {
            head(out, 404, "Content-Length: 0");
            return;
        }
        Answer answer = HONEST;
        if (path.startsWith("targets/")) {
            targetRequests.add(seen);
            answer = next.isEmpty() ? HONEST : next.poll();
        }
        answer.write(seen, file, etags.get(path), out);
        out.flush();
    }

    /** Ranges as RFC 9110 wants them: {@code bytes=N-} within the file, and If-Range equal to the tag. */
    static final Answer HONEST = (request, file, etag, out) -> {
        Matcher range = request.range() == null ? null : OPEN_RANGE.matcher(request.range());
        boolean sameVersion = request.ifRange() == null || request.ifRange().equals(etag);
        if (range != null && range.matches() && sameVersion && Long.parseLong(range.group(1)) < file.length) {
            int first = Integer.parseInt(range.group(1));
            partial(out, etag, first, file.length - 1, file.length, slice(file, first, file.length));
        } else {
            whole(out, etag, file);
        }
    };

    /** The whole file announced, but the connection closed after {@code k} bytes. */
    static Answer cutAfter(int k) {
        return (request, file, etag, out) -> {
            head(out, 200, etagHeader(etag) + "Content-Length: " + file.length);
            out.write(file, 0, k);
        };
    }

    /** Another file's bytes (of version {@code etag}) announced whole, cut after {@code k} bytes. */
    static Answer otherVersionCutAfter(byte[] other, String otherEtag, int k) {
        return (request, file, etag, out) -> {
            head(out, 200, etagHeader(otherEtag) + "Content-Length: " + other.length);
            out.write(other, 0, k);
        };
    }

    static Answer whole(byte[] body, String etag) {
        return (request, file, ignored, out) -> whole(out, etag, body);
    }

    /** A 206 with exactly this Content-Range header and body (Content-Length = body length). */
    static Answer partial(String contentRange, byte[] body, String etag) {
        return (request, file, ignored, out) -> {
            head(out, 206, etagHeader(etag) + "Content-Range: " + contentRange + "\r\nContent-Length: " + body.length);
            out.write(body);
        };
    }

    /** A 206 without Content-Length: the body ends when the connection closes. */
    static Answer partialUntilClose(String contentRange, byte[] body, String etag) {
        return (request, file, ignored, out) -> {
            head(out, 206, etagHeader(etag) + "Content-Range: " + contentRange);
            out.write(body);
        };
    }

    static Answer status(int status, String headers) {
        return (request, file, etag, out) -> head(out, status, headers + "\r\nContent-Length: 0");
    }

    static byte[] slice(byte[] file, int from, int to) {
        return java.util.Arrays.copyOfRange(file, from, to);
    }

    private static void whole(OutputStream out, String etag, byte[] body) throws IOException {
        head(out, 200, etagHeader(etag) + "Content-Length: " + body.length);
        out.write(body);
    }

    private static void partial(OutputStream out, String etag, long first, long last, long size, byte[] body)
            throws IOException {
        head(out, 206, etagHeader(etag) + "Content-Range: bytes " + first + "-" + last + "/" + size
                + "\r\nContent-Length: " + body.length);
        out.write(body);
    }

    private static String etagHeader(String etag) {
        return etag == null ? "" : "ETag: " + etag + "\r\n";
    }

    private static void head(OutputStream out, int status, String headers) throws IOException {
        String text = "HTTP/1.1 " + status + " X\r\nConnection: close\r\n" + headers + "\r\n\r\n";
        out.write(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new IOException("connection closed mid-request");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
