package io.patchbay.sample.host.impl.json;

/** The body of every error reply: {@code {"status": 400, "error": "what to fix"}}. */
public record ErrorView(int status, String error) {
}
