package io.patchbay.policy.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value types refuse what an operator (or a forged deployment) could get wrong, saying what is wrong. */
class PolicyValuesTest {

    private static final Instant T = Instant.parse("2026-06-01T10:00:00Z");

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void warningLeadsMustBePositiveSaneAndDistinct() {
        OnExpiry off = OnExpiry.shutDown();
        assertEquals("a warning lead must be positive, not PT0S",
                refusal(() -> new Deadline(T, List.of(Duration.ZERO), off)));
        assertEquals("a warning lead must be positive, not PT-1H",
                refusal(() -> new Deadline(T, List.of(Duration.ofHours(-1)), off)));
        assertEquals("a warning lead of PT8760H exceeds PT2160H",
                refusal(() -> new Deadline(T, List.of(Duration.ofDays(365)), off)));
        assertEquals("duplicate warning lead PT1H",
                refusal(() -> new Deadline(T, List.of(Duration.ofHours(1), Duration.ofMinutes(60)), off)));
        List<Duration> many = IntStream.rangeClosed(1, 17).mapToObj(Duration::ofMinutes).toList();
        assertEquals("at most 16 warnings, not 17", refusal(() -> new Deadline(T, many, off)));
        assertThrows(IllegalArgumentException.class,
                () -> new Deadline(T, Collections.singletonList(null), off));
    }

    @Test
    void warningLeadsAreKeptLargestFirst() {
        Deadline d = new Deadline(T, List.of(Duration.ofMinutes(5), Duration.ofDays(1), Duration.ofHours(1)),
                OnExpiry.shutDown());
        assertEquals(List.of(Duration.ofDays(1), Duration.ofHours(1), Duration.ofMinutes(5)), d.warnings());
    }

    @Test
    void theExpiryChoiceNamesFeaturesOnlyWhenDisablingThem() {
        assertEquals("DISABLE_FEATURES needs at least one feature name", refusal(() -> OnExpiry.disableFeatures(Set.of())));
        assertEquals("not a feature name: \"a,b\"", refusal(() -> OnExpiry.disableFeatures(Set.of("a,b"))));
        assertEquals("not a feature name: \"\"", refusal(() -> OnExpiry.disableFeatures(Set.of(""))));
        assertEquals("SHUT_DOWN names no features", refusal(() -> new OnExpiry(OnExpiry.Kind.SHUT_DOWN, Set.of("x"))));
        Set<String> tooMany = new java.util.HashSet<>();
        IntStream.range(0, 65).forEach(i -> tooMany.add("f" + i));
        assertEquals("at most 64 features, not 65", refusal(() -> OnExpiry.disableFeatures(tooMany)));
        assertEquals(Set.of("export", "reports.pdf"), OnExpiry.disableFeatures(Set.of("reports.pdf", "export")).features());
    }

    @Test
    void onlyTimeForcedHasAForceTime() {
        assertEquals("a TIME_FORCED action needs the instant it becomes forced",
                refusal(() -> new UpdateAction(ActionType.TIME_FORCED, null)));
        assertEquals("only a TIME_FORCED action has a force time, not SOFT",
                refusal(() -> new UpdateAction(ActionType.SOFT, T)));
        UpdateAction tf = UpdateAction.timeForced(T);
        assertTrue(!tf.isForcedAt(T.minusSeconds(1)) && tf.isForcedAt(T));
        assertTrue(UpdateAction.forced().isForcedAt(T.minusSeconds(99_999)));
    }

    @Test
    void aPendingUpdateRefusesContradictionsAndOddLevels() {
        Deadline d = new Deadline(T, List.of(), OnExpiry.shutDown());
        assertEquals("a DOWNLOAD_ONLY action never applies, so it cannot carry a deadline",
                refusal(() -> PendingUpdate.of("level-7", UpdatePolicy.deadline(d), UpdateAction.downloadOnly())));
        assertEquals("not a patch level id: \"../etc\"",
                refusal(() -> PendingUpdate.of("../etc", UpdatePolicy.now(), UpdateAction.soft())));
        assertEquals("not a patch level id: \"\"",
                refusal(() -> PendingUpdate.of("", UpdatePolicy.now(), UpdateAction.soft())));
        MaintenanceWindow w = MaintenanceWindow.daily(LocalTime.NOON, Duration.ofHours(1), ZoneOffset.UTC);
        List<MaintenanceWindow> windows = Collections.nCopies(33, w);
        assertEquals("at most 32 maintenance windows, not 33", refusal(
                () -> PendingUpdate.of("l1", UpdatePolicy.now(), UpdateAction.soft()).withWindows(windows)));
    }

    @Test
    void aDeadlinePolicyNeedsADeadlineAndAnyKindMayCarryOne() {
        Deadline d = new Deadline(T, List.of(Duration.ofHours(1)), OnExpiry.shutDown());
        assertThrows(NullPointerException.class, () -> UpdatePolicy.deadline(null));
        UpdatePolicy p = UpdatePolicy.whenIdle().withDeadline(d);
        assertEquals(UpdatePolicy.Kind.WHEN_IDLE, p.kind());
        assertEquals(d, p.deadline().orElseThrow());
        assertTrue(UpdatePolicy.deadline(d).asksUser());
    }

    @Test
    void engineBoundsAreRefusedWhenAbsurd() {
        assertEquals("callbackTimeout must be positive and at most PT168H, not PT0S",
                refusal(() -> PolicyEngine.builder().callbackTimeout(Duration.ZERO).build()));
        assertEquals("askTimeout must be positive and at most PT168H, not PT8760H",
                refusal(() -> PolicyEngine.builder().askTimeout(Duration.ofDays(365)).build()));
        assertEquals("pollWait must be between 0 and 5 s, not PT-0.001S",
                refusal(() -> PolicyEngine.builder().pollWait(Duration.ofMillis(-1)).build()));
    }
}
