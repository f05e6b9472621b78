package io.patchbay.agent.impl.push;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Duration;

/**
 * The token bucket every accepted push passes before it is acted on (bucket4j's local bucket, on the agent's
 * injected clock): {@code capacity} pushes at once, then one more per {@code refillPeriod / refillTokens}, refilled
 * gradually. A push finding the bucket empty is dropped: a flood of valid pushes (a compromised or buggy server,
 * or recorded messages with fresh counters) costs at most the bucket's checks.
 */
final class PushBucket {
    private final Bucket bucket;

    PushBucket(long capacity, long refillTokens, Duration refillPeriod, Clock clock) {
        TimeMeter time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                java.time.Instant now = clock.instant();
                return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000_000L), now.getNano());
            }

            @Override
            public boolean isWallClockBased() {
                return true;
            }
        };
        this.bucket = Bucket.builder()
                .addLimit(limit -> limit.capacity(capacity).refillGreedy(refillTokens, refillPeriod))
                .withCustomTimePrecision(time).build();
    }

    /** Takes a token; false when none is left (the push is dropped). */
    boolean tryTake() {
        return bucket.tryConsume(1);
    }
}
