package io.patchbay.license.impl.clock;

import java.time.Duration;
import java.time.Instant;

/**
 * What the clock says at one observation.
 *
 * @param trustedNow    the time licenses are judged by: the later of the local clock and the high-water mark, so a
 *                      clock set back never makes an expired license valid again
 * @param tampered      the local clock is behind the high-water mark by more than the tolerance
 * @param tamperElapsed how far the local clock has run forward since the set-back was detected (counts the grace;
 *                      a further set-back adds nothing); zero when not tampered
 */
public record TimeState(Instant trustedNow, boolean tampered, Duration tamperElapsed) {
}
