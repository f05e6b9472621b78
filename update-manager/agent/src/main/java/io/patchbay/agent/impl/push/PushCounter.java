package io.patchbay.agent.impl.push;

import io.patchbay.agent.impl.files.AgentFiles;
import io.patchbay.agent.impl.poll.StatusLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The last accepted push counter, in {@code DATA/push/counter}, written durably (atomic replace + fsync) before the
 * push is acted on ({@link #record}), so neither a crash nor a restart reopens a replay. Counters compare as the
 * unsigned 64-bit numbers they are on the wire. A push that passes the counter but is dropped by the rate limit
 * only advances the counter in memory ({@link #remember}): a flood of valid pushes then costs no disk write each,
 * and what a restart could reopen is a dropped push, which still has to pass the bucket to do anything.
 *
 * <p>An enrollment (a new identity, new keys) starts a store without a floor ({@link #startFresh}).
 *
 * <p><b>No silent reset.</b> A store without a trusted last counter, because the file is missing (deleted, or a data
 * directory restored without it) or because the file was unreadable as a counter (torn, edited, bit rot: it carries a SHA-256 of its text;
 * such a file is moved aside as {@code counter.corrupt-<millis>}, never deleted, and a warning logged), starts with
 * a <em>floor</em>: the moment it was made. Until a push has been accepted again, only a push issued after
 * floor + allowed skew is accepted ({@link Verdict#COUNTER_RESET} otherwise), since every message issued before
 * could be a replay of one accepted under the lost counter; a push issued later cannot have been seen before. So
 * the agent refuses pushes for at most twice the skew after such a reset, checks on every reconnect anyway, and
 * then trusts the counter of the first fresh push. The checksum finds damage, not forgery: whoever can write the
 * agent's data directory can also read its private keys, which no file format here protects against.
 *
 * <p>A file the agent cannot read or write (permissions, a full disk) refuses every push
 * ({@link Verdict#COUNTER_UNAVAILABLE}) and is tried again with the next one.
 */
final class PushCounter {
    static final String FILE = "counter";
    private static final String MAGIC = "patchbay-push-counter 1";
    private static final int MAX_FILE_BYTES = 512;

    enum Verdict {
        ACCEPTED, REPLAYED, STALE_COUNTER, COUNTER_RESET, COUNTER_UNAVAILABLE
    }

    /** @param last the last accepted counter, or null; {@code floor} the reset moment, or null once one is accepted */
    private record State(Long last, Instant floor) {
    }

    private final Path file;
    private final Clock clock;
    private final Duration skew;
    private final StatusLog log;
    private State state;

    /**
     * Opens the store now (made with its floor if there is none), so the floor is when the agent started listening,
     * not when the first push came; a failure here is retried with the first push.
     */
    PushCounter(Path directory, Clock clock, Duration skew, StatusLog log) {
        this.file = directory.resolve(FILE);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skew = Objects.requireNonNull(skew, "skew");
        this.log = Objects.requireNonNull(log, "log");
        try {
            load();
        } catch (IOException e) {
            state = null;
        }
    }

    /** Checks {@code counter} against the last accepted (nothing recorded yet; see {@link #record}). */
    synchronized Verdict check(long counter, Instant issuedAt) {
        State current;
        try {
            current = load();
        } catch (IOException e) {
            state = null; // read it again with the next push
            return Verdict.COUNTER_UNAVAILABLE;
        }
        if (current.last != null) {
            int order = Long.compareUnsigned(counter, current.last);
            if (order == 0) {
                return Verdict.REPLAYED;
            }
            return order < 0 ? Verdict.STALE_COUNTER : Verdict.ACCEPTED;
        }
        if (current.floor != null && !issuedAt.isAfter(current.floor.plus(skew))) {
            return Verdict.COUNTER_RESET;
        }
        return Verdict.ACCEPTED;
    }

    /** Records a checked counter durably; ACCEPTED once it is on disk, COUNTER_UNAVAILABLE if it cannot be. */
    synchronized Verdict record(long counter) {
        State next = new State(counter, null);
        try {
            write(next);
        } catch (IOException e) {
            state = null;
            return Verdict.COUNTER_UNAVAILABLE;
        }
        state = next;
        return Verdict.ACCEPTED;
    }

    /**
     * Starts a store that trusts every counter (no floor), for an identity that was just enrolled: nothing can have
     * been sealed to its new key before, so there is nothing to replay. On failure the store is read again with the
     * next push (and made with a floor if the file is missing: fail closed).
     */
    synchronized void startFresh() {
        try {
            Files.createDirectories(file.getParent());
            State fresh = new State(null, null);
            write(fresh);
            state = fresh;
        } catch (IOException e) {
            state = null;
            log.warn("cannot write the push counter " + file + " for the new identity: " + e.getMessage());
        }
    }

    /** Advances the counter in memory only (a checked push the rate limit dropped). */
    synchronized void remember(long counter) {
        state = new State(counter, null);
    }

    /** {@link #check}, then {@link #record} if it passed: the whole counter step of a push acted on. */
    synchronized Verdict accept(long counter, Instant issuedAt) {
        Verdict verdict = check(counter, issuedAt);
        return verdict == Verdict.ACCEPTED ? record(counter) : verdict;
    }

    /** The state, read once (or again after a failure); a missing or damaged file becomes a fresh store with a floor. */
    private State load() throws IOException {
        if (state != null) {
            return state;
        }
        String text;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return quarantine("larger than " + MAX_FILE_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return reset();
        } catch (java.nio.charset.CharacterCodingException e) {
            return quarantine("not UTF-8 text");
        }
        try {
            state = parse(text);
            return state;
        } catch (IllegalArgumentException e) {
            return quarantine(e.getMessage());
        }
    }

    private State quarantine(String why) throws IOException {
        Path aside = file.resolveSibling(FILE + ".corrupt-" + clock.millis());
        AgentFiles.moveAtomically(file, aside);
        log.warn("push counter " + file + " is damaged (" + why + "), moved to " + aside.getFileName()
                + ": pushes issued before now + the allowed skew are refused until a fresh one is accepted");
        return reset();
    }

    private State reset() throws IOException {
        State fresh = new State(null, clock.instant());
        Files.createDirectories(file.getParent());
        write(fresh);
        state = fresh;
        return fresh;
    }

    private void write(State value) throws IOException {
        String body = MAGIC + "\nlast=" + (value.last == null ? "-" : Long.toUnsignedString(value.last))
                + "\nfloor=" + (value.floor == null ? "-" : Long.toString(value.floor.getEpochSecond())) + "\n";
        AgentFiles.writeDurably(file, body + "sha256=" + sha256(body) + "\n");
    }

    static State parse(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length != 5 || !lines[0].equals(MAGIC) || !lines[4].isEmpty()) {
            throw new IllegalArgumentException("not a push counter file");
        }
        String body = lines[0] + "\n" + lines[1] + "\n" + lines[2] + "\n";
        if (!lines[3].equals("sha256=" + sha256(body))) {
            throw new IllegalArgumentException("checksum mismatch");
        }
        String last = value(lines[1], "last=");
        String floor = value(lines[2], "floor=");
        try {
            return new State(last.equals("-") ? null : Long.parseUnsignedLong(last),
                    floor.equals("-") ? null : Instant.ofEpochSecond(Long.parseLong(floor)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("unreadable number");
        }
    }

    private static String value(String line, String prefix) {
        if (!line.startsWith(prefix)) {
            throw new IllegalArgumentException("expected " + prefix);
        }
        return line.substring(prefix.length());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
