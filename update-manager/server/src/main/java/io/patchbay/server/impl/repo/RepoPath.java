package io.patchbay.server.impl.repo;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A request path that may name a repository file: {@code metadata/NAME} or {@code targets/SEG/.../NAME}, parsed
 * from the raw (still percent-encoded) request path by our own strict rules, whatever the HTTP server in front
 * already normalised or refused. Refused, with {@link Refusal}: a path that is too long, not absolute, has an
 * empty, {@code .} or {@code ..} segment (encoded or not), an encoded {@code /} or {@code \}, a backslash, NUL or
 * any other control character, malformed percent-encoding or UTF-8, or a query. A path that is well formed but
 * can never name a served file (another top-level directory, a hidden segment such as the publisher's
 * {@code .tmp-*.part} files) is {@link #NOT_SERVED}.
 */
record RepoPath(Area area, List<String> segments) {

    /** Bounds the work done for one request path (target paths are at most 1024 characters, encoded up to 3x). */
    static final int MAX_RAW_LENGTH = 4096;
    /** A file name is at most 255 bytes on the file systems we care about. */
    static final int MAX_SEGMENT_BYTES = 255;
    static final int MAX_SEGMENTS = 32;

    /** Anything that is not a servable path but is well formed (answered 404, like a missing file). */
    static final RepoPath NOT_SERVED = new RepoPath(null, List.of());

    private static final Pattern VERSIONED_METADATA = Pattern.compile("[1-9][0-9]{0,18}\\..+\\.json");
    /** Consistent-snapshot target files are named HEX.name with a sha256 or sha512 hex digest. */
    private static final Pattern HASH_PREFIXED = Pattern.compile("([0-9a-f]{64}|[0-9a-f]{128})\\..+");

    enum Area { METADATA, TARGETS }

    /** A request path that is malformed or tries to leave the repository (answered 400). */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    /** @param raw the request's path as received, still percent-encoded, without the query */
    static RepoPath parse(String raw) throws Refusal {
        if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
            throw new Refusal("the path must be absolute");
        }
        if (raw.length() > MAX_RAW_LENGTH) {
            throw new Refusal("the path is longer than " + MAX_RAW_LENGTH + " characters");
        }
        if (raw.equals("/")) {
            return NOT_SERVED;
        }
        boolean directory = raw.endsWith("/");
        if (directory) {
            raw = raw.substring(0, raw.length() - 1); // a directory: no listings, but still checked for traversal
        }
        List<String> segments = new ArrayList<>();
        int start = 1;
        while (start <= raw.length()) {
            int slash = raw.indexOf('/', start);
            int end = slash < 0 ? raw.length() : slash;
            segments.add(segment(raw.substring(start, end)));
            if (segments.size() > MAX_SEGMENTS) {
                throw new Refusal("the path has more than " + MAX_SEGMENTS + " segments");
            }
            start = end + 1;
        }
        if (directory || segments.size() < 2) {
            return NOT_SERVED;
        }
        Area area = switch (segments.get(0)) {
            case "metadata" -> Area.METADATA;
            case "targets" -> Area.TARGETS;
            default -> null;
        };
        if (area == null || (area == Area.METADATA && segments.size() != 2)) {
            return NOT_SERVED;
        }
        for (String segment : segments) {
            if (segment.startsWith(".")) {
                return NOT_SERVED;
            }
        }
        return new RepoPath(area, List.copyOf(segments));
    }

    private static String segment(String encoded) throws Refusal {
        if (encoded.isEmpty()) {
            throw new Refusal("the path has an empty segment");
        }
        String decoded = decode(encoded);
        if (decoded.equals(".") || decoded.equals("..")) {
            throw new Refusal("the path has a '.' or '..' segment");
        }
        if (decoded.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
            throw new Refusal("a path segment is longer than " + MAX_SEGMENT_BYTES + " bytes");
        }
        for (int i = 0; i < decoded.length(); i++) {
            char c = decoded.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\') {
                throw new Refusal("the path has a control character, an encoded separator or a backslash");
            }
        }
        return decoded;
    }

    /** Strict percent-decoding: every escape is two hex digits, and the result is well-formed UTF-8. */
    private static String decode(String encoded) throws Refusal {
        if (encoded.indexOf('%') < 0) {
            for (int i = 0; i < encoded.length(); i++) {
                if (encoded.charAt(i) > 0x7e) {
                    throw new Refusal("the path has an unencoded non-ASCII character");
                }
            }
            return encoded;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '%') {
                int hi = i + 2 < encoded.length() ? Character.digit(encoded.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(encoded.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    throw new Refusal("the path has a malformed percent-escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x7e) {
                throw new Refusal("the path has an unencoded non-ASCII character");
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("the path is not valid UTF-8");
        }
    }

    boolean served() {
        return area != null;
    }

    String fileName() {
        return segments.get(segments.size() - 1);
    }

    /**
     * True for files whose name pins their content, so they may be cached for a year: versioned metadata
     * ({@code N.root.json}, consistent-snapshot {@code N.snapshot.json}, {@code N.targets.json}, {@code N.ROLE.json})
     * and hash-prefixed target files. timestamp.json and unversioned names change in place (by rename).
     */
    boolean immutable() {
        return area == Area.METADATA ? VERSIONED_METADATA.matcher(fileName()).matches()
                : HASH_PREFIXED.matcher(fileName()).matches();
    }
}
