package io.patchbay.agent.impl.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.testing.PushFixture;
import io.patchbay.agent.testing.RecordingLog;
import io.patchbay.crypto.api.Base64Url;
import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.crypto.api.push.PushAction;
import io.patchbay.crypto.api.push.PushForgery;
import io.patchbay.crypto.api.push.PushFormat;
import io.patchbay.crypto.api.push.PushMessage;
import io.patchbay.crypto.api.push.PushUrgency;
import io.patchbay.testsupport.MutableClock;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every refusal of a push by its reason code, with real keys and real sealing: each refusal is counted, logged the
 * first time only, and causes nothing. Accepted pushes act once, through the bucket.
 */
class PushGateTest {
    static final Instant T0 = PushCounterTest.T0;
    static final Duration SKEW = PushCounterTest.SKEW;
    @TempDir
    Path dir;
    MutableClock clock = new MutableClock(T0);
    PushStats stats = new PushStats();
    RecordingLog log = new RecordingLog();
    PushFixture server = new PushFixture(clock);
    ClientIdentity me = new ClientIdentity(SigningKeyPair.generate(server.random),
            SealingKeyPair.generate(server.random), "client-a");
    AtomicReference<List<String>> rootKeys = new AtomicReference<>(server.rootKeys());
    List<String> actions = new CopyOnWriteArrayList<>();
    PushGate gate;

    @BeforeEach
    void gate() {
        gate = gate(1000, 4);
        // the counter store was made at T0: pushes issued after T0 + skew are beyond any doubt of being replays
        clock.set(T0.plus(Duration.ofHours(1)));
    }

    PushGate gate(long burst, long refillPerHour) {
        PushGate.Actions recorder = new PushGate.Actions() {
            @Override
            public void check(Duration delay) {
                actions.add("check " + delay.toSeconds());
            }

            @Override
            public void reportHome(Duration delay) {
                actions.add("report " + delay.toSeconds());
            }
        };
        Random half = new Random() {
            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
        return new PushGate(() -> Optional.of(me), rootKeys::get,
                new PushCounter(dir.resolve("push"), clock, SKEW, log),
                java.util.Map.of(PushAction.CHECK_NOW, new PushBucket(burst, refillPerHour, Duration.ofHours(1), clock),
                        PushAction.REPORT_HOME, new PushBucket(burst, refillPerHour, Duration.ofHours(1), clock)),
                recorder, stats, log, clock, SKEW,
                Duration.ofSeconds(30), half);
    }

    PushMessage message(long counter) {
        return server.message(me.clientId(), counter, PushAction.CHECK_NOW, PushUrgency.URGENT);
    }

    PushForgery forgery(long counter) {
        return new PushForgery(server.random).from(message(counter), server.pushKey);
    }

    String sealed(PushForgery forgery) {
        return PushFormat.toText(forgery.sealTo(me.sealing().publicKey()));
    }

    /** Sends {@code text} three times: refused every time under {@code code}, logged once, nothing done. */
    void refusedAs(String code, String text) {
        long before = stats.refusedCount(code);
        long accepted = stats.acceptedCount();
        int acted = actions.size();
        for (int i = 0; i < 3; i++) {
            gate.accept(text);
        }
        assertEquals(before + 3, stats.refusedCount(code), code + " counted: " + stats.facts());
        assertEquals(1, log.count("push refused (" + code + ")"), log.lines.toString());
        assertEquals(acted, actions.size(), "a refused push does nothing");
        assertEquals(accepted, stats.acceptedCount());
    }

    @Test
    void anHonestPushActsUrgentAtOnceNormalWithinTheSpread() {
        gate.accept(server.checkNow(me, 1));
        gate.accept(server.text(server.message(me.clientId(), 2, PushAction.CHECK_NOW, PushUrgency.NORMAL),
                me.sealing().publicKey()));
        gate.accept(server.text(server.message(me.clientId(), 3, PushAction.REPORT_HOME, PushUrgency.URGENT),
                me.sealing().publicKey()));
        assertEquals(List.of("check 0", "check 15", "report 0"), actions);
        assertEquals(3, stats.acceptedCount());
        assertEquals(3L, stats.facts().get("push.accepted"));
    }

    @Test
    void forgedSignature() {
        refusedAs("bad_signature", sealed(forgery(1).flipSignature()));
        SigningKeyPair attacker = SigningKeyPair.generate(server.random);
        gate.accept(sealed(forgery(2).signer(attacker).claimKeyOf(server.pushKey)));
        assertEquals(4, stats.refusedCount("bad_signature"), "another key under the trusted key's id");
    }

    @Test
    void aKeyNotInTheRoot() {
        SigningKeyPair unlisted = SigningKeyPair.generate(server.random);
        refusedAs("unknown_key", server.text(message(1), me.sealing().publicKey(), unlisted));
        rootKeys.set(List.of());
        gate.accept(server.checkNow(me, 2));
        assertEquals(4, stats.refusedCount("unknown_key"), "a root without push keys refuses every push");
    }

    @Test
    void sealedToAnotherClient() {
        SealingKeyPair other = SealingKeyPair.generate(server.random);
        refusedAs("unopenable", server.text(message(1), other.publicKey()));
    }

    @Test
    void wrongAudience() {
        refusedAs("wrong_audience", server.text(server.message("client-b", 1, PushAction.CHECK_NOW,
                PushUrgency.URGENT), me.sealing().publicKey()));
    }

    @Test
    void replayOfAnAcceptedPushAlsoAfterARestart() {
        String push = server.checkNow(me, 5);
        gate.accept(push);
        assertEquals(List.of("check 0"), actions);
        PushStats beforeRestart = stats;
        refusedAs("replayed", push);

        stats = new PushStats();
        log = new RecordingLog();
        gate = gate(1000, 4); // a new agent on the same data directory
        refusedAs("replayed", push);
        assertEquals(3, beforeRestart.refusedCount("replayed"));
    }

    @Test
    void aLowerCounter() {
        gate.accept(server.checkNow(me, 10));
        refusedAs("stale_counter", server.checkNow(me, 9));
        gate = gate(1000, 4);
        gate.accept(server.checkNow(me, 1));
        assertEquals(4, stats.refusedCount("stale_counter"), "also after a restart");
    }

    @Test
    void expiredBeyondTheSkewButNotWithinIt() {
        Instant now = clock.instant();
        refusedAs("expired", sealed(forgery(1).times(now.minusSeconds(600).getEpochSecond(),
                now.minus(SKEW).minusSeconds(1).getEpochSecond())));
        gate.accept(sealed(forgery(2).times(now.minusSeconds(600).getEpochSecond(), now.minusSeconds(30)
                .getEpochSecond())));
        assertEquals(List.of("check 0"), actions, "expired 30 s ago is within the 60 s skew");
    }

    @Test
    void notYetValidBeyondTheSkewButNotWithinIt() {
        Instant now = clock.instant();
        refusedAs("not_yet_valid", sealed(forgery(1).times(now.plus(SKEW).plusSeconds(5).getEpochSecond(),
                now.plusSeconds(600).getEpochSecond())));
        gate.accept(sealed(forgery(2).times(now.plusSeconds(30).getEpochSecond(), now.plusSeconds(600)
                .getEpochSecond())));
        assertEquals(List.of("check 0"), actions, "issued 30 s ahead is within the 60 s skew");
    }

    @Test
    void unknownActionOrUrgency() {
        refusedAs("unknown_action", sealed(forgery(1).actionCode(3)));
        gate.accept(sealed(forgery(2).actionCode(0)));
        gate.accept(sealed(forgery(3).urgencyCode(2)));
        assertEquals(5, stats.refusedCount("unknown_action"));
    }

    @Test
    void oversize() {
        refusedAs("oversize", "A".repeat(PushFormat.MAX_TEXT_CHARS + 1));
        gate.accept(Base64Url.encode(new byte[PushFormat.MAX_SEALED_BYTES + 1]));
        assertEquals(4, stats.refusedCount("oversize"));
    }

    @Test
    void malformed() {
        refusedAs("malformed", "not base64url!");
        byte[] garbage = "PBP1 but not a push at all, long enough to pass the length check ...".repeat(2)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        gate.accept(PushFormat.toText(PushForgery.sealRaw(garbage, me.sealing().publicKey(), server.random)));
        assertEquals(4, stats.refusedCount("malformed"));
    }

    /** Seeded mutations of an honest push and random text: nothing but the original is ever acted on. */
    @Test
    void seededFuzzOfTheOpenerNeverActs() {
        Random random = new Random(0xF022);
        byte[] honest = Base64Url.decode(server.checkNow(me, 77));
        for (int round = 0; round < 400; round++) {
            byte[] mutated;
            switch (random.nextInt(4)) {
                case 0 -> {
                    mutated = honest.clone();
                    mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
                }
                case 1 -> mutated = java.util.Arrays.copyOf(honest, random.nextInt(honest.length));
                case 2 -> {
                    mutated = java.util.Arrays.copyOf(honest, honest.length + 1 + random.nextInt(400));
                    random.nextBytes(mutated);
                    System.arraycopy(honest, 0, mutated, 0, honest.length);
                }
                default -> {
                    mutated = new byte[random.nextInt(600)];
                    random.nextBytes(mutated);
                }
            }
            gate.accept(random.nextInt(10) == 0 ? new String(mutated, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : Base64Url.encode(mutated));
        }
        assertEquals(List.of(), actions);
        long refused = stats.facts().entrySet().stream().filter(e -> e.getKey().startsWith("push.refused."))
                .mapToLong(e -> (Long) e.getValue()).sum();
        assertEquals(400, refused, stats.facts().toString());
        gate.accept(Base64Url.encode(honest));
        assertEquals(List.of("check 0"), actions, "the honest original still opens afterwards");
    }

    /**
     * The push keys come from a real TUF root: after a root rotation that replaces the push key (root v(n+1), signed
     * as any root rotation), the refreshed client accepts the new key and refuses the old one.
     */
    @Test
    void aRootRotationReplacingThePushKeyAcceptsTheNewKeyAndRefusesTheOld() throws Exception {
        try (RepoSimulator repository = RepoSimulator.start(dir.resolve("repository"))) {
            PushFixture next = new PushFixture(clock);
            repository.repo().setPushKeys(server.rootKeys());
            repository.publish();
            repository.initClient();
            TufUpdater tuf = repository.updater();
            tuf.refresh();
            long before = tuf.trustedRoot().version();
            rootKeys.set(tuf.trustedRoot().pushKeys());
            gate.accept(server.checkNow(me, 1));
            assertEquals(List.of("check 0"), actions);

            repository.repo().setPushKeys(next.rootKeys());
            repository.publish();
            tuf.refresh();
            assertEquals(before + 1, tuf.trustedRoot().version());
            rootKeys.set(tuf.trustedRoot().pushKeys());
            refusedAs("unknown_key", server.checkNow(me, 2));
            gate.accept(next.checkNow(me, 3));
            assertEquals(List.of("check 0", "check 0"), actions);
        }
    }

    /** 10,000 valid pushes to one client within an hour: at most the bucket's burst plus its hourly refill act. */
    @Test
    void aFloodOfValidPushesActsAtMostTheBucketsNumberOfTimes() {
        gate = gate(1, 4);
        int pushes = 10_000;
        Duration step = Duration.ofHours(1).dividedBy(pushes);
        for (int i = 1; i <= pushes; i++) {
            gate.accept(server.checkNow(me, i));
            clock.advance(step);
        }
        assertTrue(actions.size() <= 1 + 4 && actions.size() >= 4, actions.size() + " checks");
        assertEquals(actions.size(), stats.acceptedCount());
        assertEquals(pushes - actions.size(), stats.droppedCount());
        assertEquals(1, log.count("push dropped (rate_limited)"), "logged once, then counted");
    }

    /** Each action has its bucket: a report home does not use up the check now that follows, a mixed flood is bounded. */
    @Test
    void reportHomeAndCheckNowHaveABucketEach() {
        gate = gate(1, 4);
        gate.accept(server.text(server.message(me.clientId(), 1, PushAction.REPORT_HOME, PushUrgency.URGENT),
                me.sealing().publicKey()));
        gate.accept(server.checkNow(me, 2));
        assertEquals(List.of("report 0", "check 0"), actions);
        for (int i = 3; i <= 200; i++) {
            PushAction action = i % 2 == 0 ? PushAction.CHECK_NOW : PushAction.REPORT_HOME;
            gate.accept(server.text(server.message(me.clientId(), i, action, PushUrgency.URGENT),
                    me.sealing().publicKey()));
        }
        assertEquals(2, actions.size(), "a mixed flood: at most both buckets");
        assertEquals(198, stats.droppedCount());
    }

    @Test
    void withTheClockStandingStillTheBurstIsAll() {
        gate = gate(1, 4);
        for (int i = 1; i <= 1000; i++) {
            gate.accept(server.checkNow(me, i));
        }
        assertEquals(List.of("check 0"), actions);
        assertEquals(999, stats.droppedCount());
        clock.advance(Duration.ofMinutes(15));
        gate.accept(server.checkNow(me, 1001));
        assertEquals(2, actions.size(), "a quarter of an hour refills one");
    }
}
