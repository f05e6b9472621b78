package io.patchbay.policy.api;

import java.time.Duration;
import java.time.Instant;

/**
 * A warning ahead of a deadline, for the host to pass on to its user ("update by ..., or ... happens").
 *
 * @param targetLevel the patch level that must run by the deadline
 * @param deadline    the deadline
 * @param remaining   how long until the deadline when the warning was sent
 * @param onExpiry    what happens at the deadline if the level is not reached
 */
public record DeadlineWarning(String targetLevel, Instant deadline, Duration remaining, OnExpiry onExpiry) {
}
