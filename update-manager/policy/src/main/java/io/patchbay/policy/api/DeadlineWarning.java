package io.patchbay.policy.api;

import java.time.Duration;
import java.time.Instant;

/** A warning ahead of a deadline: {@code remaining} until {@code deadline}, then {@code onExpiry}. */
public record DeadlineWarning(String targetLevel, Instant deadline, Duration remaining, OnExpiry onExpiry) {
}
