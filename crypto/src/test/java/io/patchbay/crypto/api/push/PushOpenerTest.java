package io.patchbay.crypto.api.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.crypto.api.SealingKeyPair;
import io.patchbay.crypto.api.SigningKeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every stateless refusal of a push, each by the attack that causes it, and the honest round trip. */
class PushOpenerTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Duration SKEW = Duration.ofSeconds(60);

    private final SigningKeyPair pushKey = SigningKeyPair.generate(RANDOM);
    private final SealingKeyPair client = SealingKeyPair.generate(RANDOM);
    private final PushSealer sealer = new PushSealer(pushKey, RANDOM);
    private final PushOpener opener = opener(NOW);

    private PushOpener opener(Instant now) {
        return new PushOpener(client, "client-1", List.of(pushKey.publicKey()), Clock.fixed(now, ZoneOffset.UTC), SKEW);
    }

    private static PushMessage message(long counter, PushAction action) {
        return new PushMessage("client-1", counter, NOW, NOW.plus(Duration.ofMinutes(5)), action, PushUrgency.NORMAL);
    }

    private PushForgery forgery() {
        return new PushForgery(RANDOM).from(message(7, PushAction.CHECK_NOW), pushKey);
    }

    private static void refused(PushRefusal reason, Executable open) {
        PushRefusedException e = assertThrows(PushRefusedException.class, open);
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().startsWith(reason.code() + ": "), e.getMessage());
    }

    @Test
    void honestPushOpensWithEveryField() throws Exception {
        for (PushAction action : PushAction.values()) {
            PushMessage sent = message(42, action);
            byte[] sealed = sealer.seal(sent, client.publicKey());
            assertTrue(sealed.length <= 240, "sealed push is " + sealed.length + " bytes");
            assertEquals(sent, opener.open(sealed));
            assertEquals(sent, opener.open(PushFormat.toText(sealed)));
        }
    }

    @Test
    void sealingIsRandomisedSoEqualMessagesLookDifferent() {
        PushMessage sent = message(1, PushAction.CHECK_NOW);
        byte[] a = sealer.seal(sent, client.publicKey());
        byte[] b = sealer.seal(sent, client.publicKey());
        assertEquals(a.length, b.length);
        assertTrue(!java.util.Arrays.equals(a, b));
    }

    @Test
    void forgedSignatureUnderTheTrustedKeyIdIsRefused() {
        SigningKeyPair attacker = SigningKeyPair.generate(RANDOM);
        byte[] forged = forgery().signer(attacker).claimKeyOf(pushKey).sealTo(client.publicKey());
        refused(PushRefusal.BAD_SIGNATURE, () -> opener.open(forged));
        byte[] flipped = forgery().flipSignature().sealTo(client.publicKey());
        refused(PushRefusal.BAD_SIGNATURE, () -> opener.open(flipped));
    }

    @Test
    void keyNotInTheRootIsRefused() {
        byte[] forged = forgery().signer(SigningKeyPair.generate(RANDOM)).sealTo(client.publicKey());
        refused(PushRefusal.UNKNOWN_KEY, () -> opener.open(forged));
        PushOpener noKeys = new PushOpener(client, "client-1", List.of(), Clock.fixed(NOW, ZoneOffset.UTC), SKEW);
        refused(PushRefusal.UNKNOWN_KEY, () -> noKeys.open(sealer.seal(message(1, PushAction.CHECK_NOW), client.publicKey())));
    }

    @Test
    void sealedToAnotherClientDoesNotOpen() {
        SealingKeyPair other = SealingKeyPair.generate(RANDOM);
        byte[] sealed = sealer.seal(message(1, PushAction.CHECK_NOW), other.publicKey());
        refused(PushRefusal.UNOPENABLE, () -> opener.open(sealed));
    }

    @Test
    void reSealedToAnotherClientIsTheWrongAudience() throws Exception {
        // Client 1 opens its push and seals the same signed content to client 2: the signature still verifies,
        // but the audience inside it names client 1.
        SealingKeyPair second = SealingKeyPair.generate(RANDOM);
        byte[] inner = forgery().inner();
        byte[] resealed = PushForgery.sealRaw(inner, second.publicKey(), RANDOM);
        PushOpener secondOpener = new PushOpener(second, "client-2", List.of(pushKey.publicKey()),
                Clock.fixed(NOW, ZoneOffset.UTC), SKEW);
        refused(PushRefusal.WRONG_AUDIENCE, () -> secondOpener.open(resealed));
    }

    @Test
    void unknownActionOrUrgencyIsRefusedAfterTheSignature() {
        refused(PushRefusal.UNKNOWN_ACTION, () -> opener.open(forgery().actionCode(3).sealTo(client.publicKey())));
        refused(PushRefusal.UNKNOWN_ACTION, () -> opener.open(forgery().actionCode(0).sealTo(client.publicKey())));
        refused(PushRefusal.UNKNOWN_ACTION, () -> opener.open(forgery().urgencyCode(9).sealTo(client.publicKey())));
        // Unsigned junk with an unknown action is a signature failure first: nothing unsigned reaches parsing of meaning.
        refused(PushRefusal.BAD_SIGNATURE, () -> opener.open(forgery().actionCode(3).flipSignature().sealTo(client.publicKey())));
    }

    @Test
    void expiredBeyondTheSkewIsRefusedInsideItIsAccepted() throws Exception {
        byte[] sealed = sealer.seal(message(1, PushAction.CHECK_NOW), client.publicKey());
        Instant expiry = NOW.plus(Duration.ofMinutes(5));
        assertEquals(1, opener(expiry.plus(SKEW).minusSeconds(1)).open(sealed).counter());
        refused(PushRefusal.EXPIRED, () -> opener(expiry.plus(SKEW)).open(sealed));
        refused(PushRefusal.EXPIRED, () -> opener(expiry.plus(Duration.ofDays(30))).open(sealed));
    }

    @Test
    void notYetValidBeyondTheSkewIsRefused() throws Exception {
        byte[] sealed = sealer.seal(message(1, PushAction.CHECK_NOW), client.publicKey());
        assertEquals(1, opener(NOW.minus(SKEW)).open(sealed).counter());
        refused(PushRefusal.NOT_YET_VALID, () -> opener(NOW.minus(SKEW).minusSeconds(1)).open(sealed));
    }

    @Test
    void oversizeIsRefusedBeforeAnyWork() {
        refused(PushRefusal.OVERSIZE, () -> opener.open(new byte[PushFormat.MAX_SEALED_BYTES + 1]));
        refused(PushRefusal.OVERSIZE, () -> opener.open("A".repeat(PushFormat.MAX_TEXT_CHARS + 1)));
        refused(PushRefusal.OVERSIZE, () -> opener.open((byte[]) null));
        assertTrue(PushFormat.maxSealed() <= PushFormat.MAX_SEALED_BYTES);
    }

    @Test
    void truncatedOrAlteredSealedBytesDoNotOpen() {
        byte[] sealed = sealer.seal(message(1, PushAction.CHECK_NOW), client.publicKey());
        for (int cut : new int[] {0, 1, 31, 32, 47, 48, sealed.length - 1}) {
            refused(PushRefusal.UNOPENABLE, () -> opener.open(java.util.Arrays.copyOf(sealed, cut)));
        }
        for (int i = 0; i < sealed.length; i += 7) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x40;
            refused(PushRefusal.UNOPENABLE, () -> opener.open(altered));
        }
    }

    @Test
    void malformedInnerMessagesAreRefused() {
        byte[] good = forgery().inner();
        byte[] badMagic = good.clone();
        badMagic[3] = '2';
        refused(PushRefusal.MALFORMED, () -> opener.open(PushForgery.sealRaw(badMagic, client.publicKey(), RANDOM)));
        byte[] shortInner = java.util.Arrays.copyOf(good, 40);
        refused(PushRefusal.MALFORMED, () -> opener.open(PushForgery.sealRaw(shortInner, client.publicKey(), RANDOM)));
        byte[] extra = java.util.Arrays.copyOf(good, good.length + 1);
        refused(PushRefusal.MALFORMED, () -> opener.open(PushForgery.sealRaw(extra, client.publicKey(), RANDOM)));
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().counter(0).sealTo(client.publicKey())));
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().counter(-5).sealTo(client.publicKey())));
        long issued = NOW.getEpochSecond();
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().times(issued, issued + 7200).sealTo(client.publicKey())));
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().times(issued, issued).sealTo(client.publicKey())));
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().times(Long.MAX_VALUE - 1, Long.MAX_VALUE).sealTo(client.publicKey())));
        refused(PushRefusal.MALFORMED, () -> opener.open(forgery().audience("client 1").sealTo(client.publicKey())));
        refused(PushRefusal.MALFORMED, () -> opener.open("not base64!"));
    }

    @Test
    void theMessageItselfRefusesWhatCouldNotBeSent() {
        assertThrows(IllegalArgumentException.class, () -> new PushMessage("", 1, NOW, NOW.plusSeconds(1),
                PushAction.CHECK_NOW, PushUrgency.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> new PushMessage("x".repeat(65), 1, NOW, NOW.plusSeconds(1),
                PushAction.CHECK_NOW, PushUrgency.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> new PushMessage("c", 0, NOW, NOW.plusSeconds(1),
                PushAction.CHECK_NOW, PushUrgency.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> new PushMessage("c", 1, NOW, NOW.plus(Duration.ofHours(2)),
                PushAction.CHECK_NOW, PushUrgency.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> new PushOpener(client, "c", List.of(),
                Clock.systemUTC(), Duration.ofHours(1)));
    }

    @Test
    void rotatedKeySetAcceptsTheNewKeyAndRefusesTheOld() throws Exception {
        SigningKeyPair next = SigningKeyPair.generate(RANDOM);
        PushOpener rotated = new PushOpener(client, "client-1", List.of(next.publicKey()), Clock.fixed(NOW, ZoneOffset.UTC), SKEW);
        assertEquals(3, rotated.open(new PushSealer(next, RANDOM).seal(message(3, PushAction.REPORT_HOME), client.publicKey())).counter());
        refused(PushRefusal.UNKNOWN_KEY, () -> rotated.open(sealer.seal(message(4, PushAction.CHECK_NOW), client.publicKey())));
    }

    @Test
    void seededFuzzOfTheInnerMessageNeverOpensAsValidUnlessUnchanged() {
        java.util.Random fuzz = new java.util.Random(20261201L);
        byte[] good = forgery().inner();
        int accepted = 0;
        for (int round = 0; round < 600; round++) {
            byte[] mutated = good.clone();
            switch (round % 3) {
                case 0 -> mutated[fuzz.nextInt(mutated.length)] ^= (byte) (1 + fuzz.nextInt(255));
                case 1 -> mutated = java.util.Arrays.copyOf(mutated, fuzz.nextInt(mutated.length + 40));
                default -> {
                    byte[] junk = new byte[fuzz.nextInt(200)];
                    fuzz.nextBytes(junk);
                    mutated = junk;
                }
            }
            byte[] sealed = PushForgery.sealRaw(mutated, client.publicKey(), RANDOM);
            try {
                opener.open(sealed);
                assertArrayEquals(good, mutated, "only the unchanged message may open");
                accepted++;
            } catch (PushRefusedException e) {
                assertTrue(e.reason() != PushRefusal.UNOPENABLE, "sealed correctly, so it opens: " + e.getMessage());
            }
        }
        assertTrue(accepted <= 3);
    }
}
