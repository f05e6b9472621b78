package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.repo.RepositoryException;

/**
 * Checks TARGETPATHs before they become metadata keys and file names: forward slashes, relative, no empty,
 * "." or ".." segments, no backslash or control characters. Spaces and any Unicode letters are fine; the
 * client URL-escapes them when it downloads.
 */
public final class TargetPaths {

    private TargetPaths() {
    }

    public static String check(String path) {
        if (path == null || path.isEmpty()) {
            throw new RepositoryException("target path must not be empty");
        }
        if (path.length() > 1024) {
            throw new RepositoryException("target path is longer than 1024 characters");
        }
        if (path.startsWith("/") || path.endsWith("/")) {
            throw new RepositoryException("target path '" + path + "' must be relative and name a file");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\') {
                throw new RepositoryException("target path '" + path.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character or backslash");
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new RepositoryException("target path '" + path + "' has an empty, '.' or '..' segment");
            }
            if (segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 120) {
                throw new RepositoryException("target path segment '" + segment
                        + "' is too long (120 bytes at most, leaving room for the hash prefix)");
            }
        }
        return path;
    }
}
