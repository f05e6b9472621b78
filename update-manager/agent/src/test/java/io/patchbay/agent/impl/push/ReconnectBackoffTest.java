package io.patchbay.agent.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    static Random fixed(double value) {
        return new Random() {
            @Override
            public double nextDouble() {
                return value;
            }
        };
    }

    @Test
    void theCeilingDoublesUpToTheCapAndTheDelayIsFullJitterAboveTheFloor() {
        ReconnectBackoff top = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), fixed(0.999999));
        long[] expected = {1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300};
        for (long seconds : expected) {
            Duration delay = top.next();
            assertTrue(Math.abs(delay.toMillis() - seconds * 1000) <= 1, delay + " vs " + seconds);
        }
        ReconnectBackoff bottom = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), fixed(0));
        for (int i = 0; i < 12; i++) {
            assertEquals(Duration.ofSeconds(1), bottom.next(), "the floor keeps a reconnect from spinning");
        }
        Random seeded = new Random(42);
        ReconnectBackoff spread = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), seeded);
        for (int i = 0; i < 40; i++) {
            Duration delay = spread.next();
            assertTrue(delay.compareTo(Duration.ofSeconds(1)) >= 0 && delay.compareTo(Duration.ofMinutes(5)) <= 0);
        }
    }

    @Test
    void resetStartsAgainFromTheFloor() {
        ReconnectBackoff backoff = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), fixed(0.999999));
        backoff.next();
        backoff.next();
        backoff.next();
        backoff.reset();
        assertEquals(0, backoff.failures());
        assertTrue(backoff.next().toMillis() <= 1000);
    }

    @Test
    void retryAfterIsNeverUndercutAndSpreadByAtMostTenPercent() {
        ReconnectBackoff low = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), fixed(0));
        assertEquals(Duration.ofSeconds(120), low.next(Duration.ofSeconds(120)));
        ReconnectBackoff high = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofMinutes(5), fixed(0.999999));
        Duration delay = high.next(Duration.ofSeconds(120));
        assertTrue(delay.compareTo(Duration.ofSeconds(132)) <= 0 && delay.compareTo(Duration.ofSeconds(131)) > 0,
                delay.toString());
        // a short Retry-After does not undercut the growing backoff either
        for (int i = 0; i < 5; i++) {
            high.next();
        }
        assertTrue(high.next(Duration.ofSeconds(1)).compareTo(Duration.ofSeconds(60)) > 0);
    }

    @Test
    void nonsensicalBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ZERO, Duration.ofMinutes(5), new Random()));
        assertThrows(IllegalArgumentException.class,
                () -> new ReconnectBackoff(Duration.ofMinutes(6), Duration.ofMinutes(5), new Random()));
    }
}
