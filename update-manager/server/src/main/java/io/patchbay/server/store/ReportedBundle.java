package io.patchbay.server.store;

/** One bundle of a reported patch level. */
public record ReportedBundle(String symbolicName, String version) {
}
