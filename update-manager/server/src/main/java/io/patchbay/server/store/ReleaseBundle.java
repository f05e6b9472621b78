package io.patchbay.server.store;

/**
 * One bundle of a release, as its TUF target.
 *
 * @param targetPath repository-relative TUF target path (what a client passes to the TUF client)
 */
public record ReleaseBundle(String targetPath, String symbolicName, String version, String sha256, long length) {
}
