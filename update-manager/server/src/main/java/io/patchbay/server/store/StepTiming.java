package io.patchbay.server.store;

/** How long one step of an install took, as the client measured it. */
public record StepTiming(String step, long millis) {
}
