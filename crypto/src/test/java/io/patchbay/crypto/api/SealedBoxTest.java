package io.patchbay.crypto.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SealedBoxTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] INFO = "patchbay test info".getBytes(StandardCharsets.UTF_8);
    private static final byte[] AAD = "aad".getBytes(StandardCharsets.UTF_8);
    private static final byte[] MESSAGE = "check now, please".getBytes(StandardCharsets.UTF_8);

    private final SealingKeyPair recipient = SealingKeyPair.generate(RANDOM);

    @Test
    void sealedOpensOnlyForItsRecipientWithTheSameInfoAndAad() throws Exception {
        byte[] sealed = SealedBox.seal(recipient.publicKey(), INFO, AAD, MESSAGE, RANDOM);
        assertEquals(MESSAGE.length + SealedBox.OVERHEAD, sealed.length);
        assertArrayEquals(MESSAGE, SealedBox.open(recipient, INFO, AAD, sealed));
        assertThrows(SealedBoxException.class, () -> SealedBox.open(SealingKeyPair.generate(RANDOM), INFO, AAD, sealed));
        assertThrows(SealedBoxException.class, () -> SealedBox.open(recipient, "other".getBytes(), AAD, sealed));
        assertThrows(SealedBoxException.class, () -> SealedBox.open(recipient, INFO, "other".getBytes(), sealed));
    }

    @Test
    void everyAlteredOrTruncatedFormIsRefused() {
        byte[] sealed = SealedBox.seal(recipient.publicKey(), INFO, AAD, MESSAGE, RANDOM);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThrows(SealedBoxException.class, () -> SealedBox.open(recipient, INFO, AAD, altered), "byte " + i);
        }
        for (int length = 0; length < sealed.length; length++) {
            byte[] truncated = Arrays.copyOf(sealed, length);
            assertThrows(SealedBoxException.class, () -> SealedBox.open(recipient, INFO, AAD, truncated), "length " + length);
        }
        assertThrows(SealedBoxException.class, () -> SealedBox.open(recipient, INFO, AAD, null));
    }

    @Test
    void aPreparedSealIsTheSameSealDoneInTwoParts() throws Exception {
        byte[] whole = SealedBox.seal(recipient.publicKey(), INFO, AAD, MESSAGE, seeded(7));
        SealedBox.Prepared prepared = SealedBox.prepare(recipient.publicKey(), INFO, seeded(7));
        assertTrue(prepared.isFor(recipient.publicKey()));
        assertFalse(prepared.isFor(SealingKeyPair.generate(RANDOM).publicKey()));
        byte[] inTwoParts = prepared.seal(AAD, MESSAGE);
        assertArrayEquals(whole, inTwoParts);
        assertArrayEquals(MESSAGE, SealedBox.open(recipient, INFO, AAD, inTwoParts));
    }

    @Test
    void aPreparedSealSealsOnceSoNoKeyAndNonceIsEverUsedTwice() {
        SealedBox.Prepared prepared = SealedBox.prepare(recipient.publicKey(), INFO, RANDOM);
        prepared.seal(AAD, MESSAGE);
        IllegalStateException second = assertThrows(IllegalStateException.class, () -> prepared.seal(AAD, MESSAGE));
        assertTrue(second.getMessage().contains("single-use"), second.getMessage());
    }

    @Test
    void racingUsersOfOnePreparedSealGetOneSealBetweenThem() throws Exception {
        int threads = 8;
        for (int round = 0; round < 50; round++) {
            SealedBox.Prepared prepared = SealedBox.prepare(recipient.publicKey(), INFO, RANDOM);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            AtomicInteger sealed = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            try {
                Future<?>[] all = new Future<?>[threads];
                for (int t = 0; t < threads; t++) {
                    all[t] = pool.submit(() -> {
                        start.await();
                        try {
                            prepared.seal(AAD, MESSAGE);
                            sealed.incrementAndGet();
                        } catch (IllegalStateException e) {
                            refused.incrementAndGet();
                        }
                        return null;
                    });
                }
                start.countDown();
                for (Future<?> f : all) {
                    f.get(10, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(1, sealed.get());
            assertEquals(threads - 1, refused.get());
        }
    }

    @Test
    void twoPreparedSealsToOneKeyUseTwoEphemeralKeys() {
        byte[] a = SealedBox.prepare(recipient.publicKey(), INFO, RANDOM).seal(AAD, MESSAGE);
        byte[] b = SealedBox.prepare(recipient.publicKey(), INFO, RANDOM).seal(AAD, MESSAGE);
        assertFalse(Arrays.equals(Arrays.copyOf(a, 32), Arrays.copyOf(b, 32)));
    }

    private static SecureRandom seeded(long seed) throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }
}
