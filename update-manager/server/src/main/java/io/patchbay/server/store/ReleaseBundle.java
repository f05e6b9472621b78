package io.patchbay.server.store;

/**
 * One bundle of a release, as its TUF target.
 *
 * @param targetPath   repository-relative TUF target path (what a client passes to the TUF client)
 * @param symbolicName the bundle's symbolic name
 * @param version      the bundle's version
 * @param sha256       the jar's SHA-256, lower-case hex
 * @param length       the jar's length in bytes
 */
public record ReleaseBundle(String targetPath, String symbolicName, String version, String sha256, long length) {
}
