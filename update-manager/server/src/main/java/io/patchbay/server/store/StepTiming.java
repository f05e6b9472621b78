package io.patchbay.server.store;

/**
 * How long one step of an install took, as the client measured it.
 *
 * @param step   the step's name
 * @param millis its duration in milliseconds
 */
public record StepTiming(String step, long millis) {
}
