package io.patchbay.license.impl.clock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.crypto.api.SigningKeyPair;
import io.patchbay.license.api.LicenseException;
import io.patchbay.license.impl.StateFiles;
import io.patchbay.license.impl.token.Jws;
import io.patchbay.license.impl.token.StrictJson;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A persisted high-water mark of trusted time (Keygen documents no clock-tamper defence offline; this is one).
 * Trusted time comes from the local clock as seen (it only ever raises the mark) and from signed server time in
 * lease grants (which replaces the mark: a fresh, nonce-bound server time is the authority, so a mark once pushed
 * ahead by a wrong clock recovers at the next renewal).
 *
 * <p>A local clock behind the mark by more than the tolerance is a set-back: reported as tampered, with the local
 * clock's forward progress since then counted (a further set-back adds nothing, so setting the clock back again
 * and again does not stretch the grace). It ends when the local clock is back within the tolerance of the mark, or
 * a server time confirms the local clock.
 *
 * <p>The state file is a JWS signed with the instance key, written owner-only and atomically, so its values are
 * either ours or refused. A refused file (edited, corrupt, another instance's) is treated like a deleted one: the
 * mark is forgotten and a warning logged. Failing harder would punish only disk corruption, since anyone able to
 * edit the file can delete it; what limits deletion is the floor the caller raises the mark to from the last
 * (vendor-signed) lease grant's server time ({@link #raiseTo}), and the next renewal's server time. Thread-safe.
 */
public final class TrustedClock {

    public static final String FILE = "trusted-time.jws";
    static final String TYPE = "patchbay-clock-state+jwt";
    /**
     * The mark is written when it has moved this far since the last write: a crash loses at most this much, which
     * stays below the default tolerance, and a host ticking every minute does not sync a file every minute.
     */
    static final Duration PERSIST_STEP = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(TrustedClock.class);

    private final Path file;
    private final SigningKeyPair key;
    private final Duration tolerance;

    private Instant highWater;
    private Instant lastLocal;
    private Duration tamperElapsed;
    private Instant persistedMark;
    private Duration persistedTamper;

    private TrustedClock(Path file, SigningKeyPair key, Duration tolerance) {
        this.file = file;
        this.key = key;
        this.tolerance = tolerance;
    }

    /** Reads the state in {@code dir} (or starts fresh when there is none). */
    public static TrustedClock load(Path dir, SigningKeyPair instanceKey, Duration tolerance) throws IOException {
        TrustedClock clock = new TrustedClock(dir.resolve(FILE), Objects.requireNonNull(instanceKey, "instanceKey"),
                Objects.requireNonNull(tolerance, "tolerance"));
        Optional<String> stored = StateFiles.read(clock.file);
        if (stored.isEmpty()) {
            return clock;
        }
        String text = stored.get();
        try {
            Jws.Verified v = Jws.verify(text.trim(), TYPE, 4096,
                    kid -> kid.equals(instanceKey.publicKey().base64Url()) ? instanceKey.publicKey() : null);
            StrictJson.Obj o = StrictJson.parse(v.payload(), "clock state");
            clock.highWater = o.seconds("hw");
            clock.lastLocal = o.seconds("last");
            Long elapsed = o.optInteger("tamper");
            clock.tamperElapsed = elapsed == null ? null : Duration.ofSeconds(Math.max(0, elapsed));
            o.done();
            clock.persistedMark = clock.highWater;
            clock.persistedTamper = clock.tamperElapsed;
        } catch (LicenseException | IllegalArgumentException e) {
            LOG.warn("The trusted-time state {} was altered or is unreadable ({}); its mark is forgotten",
                    clock.file, e.getMessage());
        }
        return clock;
    }

    /** Observes the local clock: raises the mark, or detects (or keeps counting) a set-back. */
    public synchronized TimeState observe(Instant local) {
        local = seconds(local);
        if (highWater == null) {
            highWater = local;
        }
        if (local.isBefore(highWater.minus(tolerance))) {
            if (tamperElapsed == null) {
                LOG.warn("The clock was set back: local time {} is behind trusted time {}", local, highWater);
                tamperElapsed = Duration.ZERO;
            } else if (lastLocal != null && local.isAfter(lastLocal)) {
                tamperElapsed = tamperElapsed.plus(Duration.between(lastLocal, local));
            }
        } else {
            if (tamperElapsed != null) {
                LOG.info("The clock is back in line with trusted time ({})", highWater);
            }
            tamperElapsed = null;
            if (local.isAfter(highWater)) {
                highWater = local;
            }
        }
        lastLocal = local;
        persistIfMoved();
        return state(local);
    }

    /**
     * A signed, nonce-bound server time: it becomes the mark. The local clock is then judged against it: if it
     * agrees within the tolerance, any tamper state ends; if not, a running tamper grace keeps counting (a
     * renewal does not restart it).
     */
    public synchronized TimeState observeServer(Instant serverTime, Instant local) {
        highWater = seconds(serverTime);
        if (!local.isBefore(highWater.minus(tolerance))) {
            tamperElapsed = null;
        }
        persistedMark = null;
        return observe(local);
    }

    /** Raises the mark to a known past fact (the last lease grant's server time), never lowers it. */
    public synchronized void raiseTo(Instant floor) {
        if (highWater == null || floor.isAfter(highWater)) {
            highWater = seconds(floor);
        }
    }

    public synchronized TimeState state(Instant local) {
        Instant mark = highWater == null ? local : highWater;
        Instant trusted = local.isAfter(mark) ? local : mark;
        return new TimeState(trusted, tamperElapsed != null, tamperElapsed == null ? Duration.ZERO : tamperElapsed);
    }

    private void persistIfMoved() {
        if (persistedMark != null && Duration.between(persistedMark, highWater).abs().compareTo(PERSIST_STEP) < 0
                && !tamperChangedSinceWrite()) {
            return;
        }
        ObjectNode o = StrictJson.object();
        o.put("hw", highWater.getEpochSecond());
        o.put("last", lastLocal.getEpochSecond());
        if (tamperElapsed != null) {
            o.put("tamper", tamperElapsed.getSeconds());
        }
        String jws = Jws.sign(TYPE, StrictJson.write(o), key, key.publicKey().base64Url());
        try {
            StateFiles.write(file, jws);
            persistedMark = highWater;
            persistedTamper = tamperElapsed;
        } catch (IOException e) {
            // The mark stays in memory; the next observation tries again.
            LOG.warn("Could not write the trusted-time state {}: {}", file, e.getMessage());
        }
    }

    private boolean tamperChangedSinceWrite() {
        if (tamperElapsed == null || persistedTamper == null) {
            return tamperElapsed != persistedTamper;
        }
        return tamperElapsed.minus(persistedTamper).compareTo(PERSIST_STEP) >= 0;
    }

    private static Instant seconds(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond());
    }
}
