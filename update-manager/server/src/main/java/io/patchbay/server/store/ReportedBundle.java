package io.patchbay.server.store;

/**
 * One bundle of a reported patch level.
 *
 * @param symbolicName the bundle's symbolic name
 * @param version      its version
 */
public record ReportedBundle(String symbolicName, String version) {
}
