package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.UntrustedLocationException;
import io.patchbay.tuf.api.model.TargetFile;
import java.nio.charset.StandardCharsets;

/**
 * File names on the repository, encoded the way python-tuf encodes them: role names are quoted whole
 * (Python's {@code quote(name, safe='')}), target paths segment by segment, so nothing in signed
 * metadata can add a '/', a "..", a scheme or a host to a URL.
 */
public final class RemoteNames {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private RemoteNames() {
    }

    /** Percent-encodes every byte except A-Z a-z 0-9 _ . - ~ (Python's quote with safe=''). */
    public static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '_' || c == '.' || c == '-' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** "root.json", "3.snapshot.json", "5.role%2Fx.json". */
    public static String metadataFile(String roleName, long version) {
        return (version > 0 ? version + "." : "") + quote(roleName) + ".json";
    }

    /**
     * The relative URL path of a target: segments quoted, and with consistent snapshots the file name (not
     * the directory) prefixed by a hash: {@code dir/HASH.name}.
     *
     * @throws UntrustedLocationException for paths that are absolute or contain empty, "." or ".." segments
     */
    public static String targetPath(TargetFile target, boolean consistentSnapshot) {
        String[] segments = target.path().split("/", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new UntrustedLocationException("target path '" + target.path()
                        + "' has an empty, '.' or '..' segment; refusing to turn it into a URL");
            }
            if (i > 0) {
                out.append('/');
            }
            if (i == segments.length - 1 && consistentSnapshot) {
                out.append(quote(preferredHash(target))).append('.');
            }
            out.append(quote(segment));
        }
        return out.toString();
    }

    /** sha256 when listed (what repositories name files by), else sha512, else the alphabetically first. */
    static String preferredHash(TargetFile target) {
        for (String algorithm : new String[] {"sha256", "sha512"}) {
            String hash = target.hashes().get(algorithm);
            if (hash != null) {
                return hash;
            }
        }
        return target.hashes().entrySet().stream().min(java.util.Map.Entry.comparingByKey()).orElseThrow().getValue();
    }
}
