package io.patchbay.server.impl.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's TLS identities in the data directory and which one it serves. Each identity is a slot of the
 * {@link TlsIdentity} files:
 * <ul>
 *   <li>{@code tls/} itself — slot {@code initial}, the identity {@code init} wrote;</li>
 *   <li>{@code tls/gen-N/} (rwx------) — identities a certificate renewal generated;</li>
 *   <li>{@code tls/slots.json} (owner-only) — the {@link State}: the served slot, the staged next one, the one
 *       served before (until the renewal finishes), the retired ones. Absent means "serve {@code initial}".</li>
 * </ul>
 * Every change is one atomic rename: a slot is generated in {@code gen-N.partial/} and renamed when complete, the
 * state is written to a temporary file and renamed over {@code slots.json}. The state names a next slot
 * <em>before</em> it is generated, so a crash leaves either no slot or a complete one under a name the state
 * already knows, and generating again resumes; a {@code .partial} directory is a crash's leftover, never pinned.
 */
public final class TlsSlots {
    public static final String INITIAL = "initial";
    static final String STATE_FILE = "slots.json";
    private static final Pattern GENERATED = Pattern.compile("gen-([1-9][0-9]{0,8})");
    private static final String PARTIAL = ".partial";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * Which slot is which.
     *
     * @param active              the slot served
     * @param next                the slot staged to be served next, or null
     * @param previous            the slot served before {@code active}, while its pin may still be in root; or null
     * @param retired             slots no longer served nor pinned by the newest root; kept, never served again
     * @param stagedAt            when root first listed {@code next}'s pin (ISO-8601), or null
     * @param finishedRootVersion the root version that completed the last renewal, 0 before any
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record State(String active, String next, String previous, List<String> retired, String stagedAt,
                        long finishedRootVersion) {
        public State {
            Objects.requireNonNull(active, "active");
            retired = retired == null ? List.of() : List.copyOf(retired);
        }

        static State initial() {
            return new State(INITIAL, null, null, List.of(), null, 0);
        }

        public State withNext(String slot, String stagedAt) {
            return new State(active, slot, previous, retired, stagedAt, finishedRootVersion);
        }

        /** {@code next} becomes the served slot; the served one becomes {@code previous}. */
        public State activated() {
            return new State(next, null, active, retired, null, finishedRootVersion);
        }

        /** {@code previous} is retired: root {@code rootVersion} no longer pins it. */
        public State finished(long rootVersion) {
            List<String> all = new ArrayList<>(retired);
            if (previous != null) {
                all.add(previous);
            }
            return new State(active, next, null, all, stagedAt, rootVersion);
        }
    }

    private final Path tls;

    private TlsSlots(Path tls) {
        this.tls = tls;
    }

    public static TlsSlots open(Path dataDirectory) {
        return new TlsSlots(TlsIdentity.directory(dataDirectory));
    }

    public State state() throws IOException {
        Path file = tls.resolve(STATE_FILE);
        if (!Files.exists(file)) {
            return State.initial();
        }
        State state = MAPPER.readValue(Files.readAllBytes(file), State.class);
        for (String slot : names(state)) {
            checkName(slot);
        }
        return state;
    }

    /** Replaces the state in one rename; the file is owner-only from its creation. */
    public void write(State state) throws IOException {
        for (String slot : names(state)) {
            checkName(slot);
        }
        TlsIdentity.replaceOwnerOnly(tls.resolve(STATE_FILE), MAPPER.writeValueAsBytes(state));
    }

    public TlsIdentity loadActive() throws IOException {
        return load(state().active());
    }

    public TlsIdentity load(String slot) throws IOException {
        return TlsIdentity.loadFrom(directory(slot));
    }

    /** Whether {@code slot} holds a complete identity (it was renamed into place after being written). */
    public boolean isGenerated(String slot) {
        return Files.isRegularFile(directory(slot).resolve(TlsIdentity.KEY_STORE));
    }

    /** The directory of {@code slot}. */
    public Path directory(String slot) {
        return INITIAL.equals(checkName(slot)) ? tls : tls.resolve(slot);
    }

    /** A slot name no state, slot or leftover uses yet: {@code gen-N} with N one above the highest seen. */
    public String freshName(State state) throws IOException {
        long highest = 0;
        List<String> seen = new ArrayList<>(names(state));
        try (Stream<Path> entries = Files.list(tls)) {
            entries.map(p -> p.getFileName().toString().replace(PARTIAL, "")).forEach(seen::add);
        }
        for (String name : seen) {
            Matcher m = GENERATED.matcher(name);
            if (m.matches()) {
                highest = Math.max(highest, Long.parseLong(m.group(1)));
            }
        }
        return "gen-" + (highest + 1);
    }

    /**
     * Generates {@code slot} unless it is complete already (a resumed stage keeps the key it generated): into
     * {@code slot.partial/}, then renamed. A {@code .partial} directory left by a crash is removed first: its key
     * was never renamed into place, so no root pins it.
     */
    public TlsIdentity generate(String slot, Clock clock, SecureRandom random) throws IOException {
        if (isGenerated(slot)) {
            return load(slot);
        }
        if (!GENERATED.matcher(slot).matches()) {
            throw new IllegalArgumentException("only gen-N slots are generated, not " + slot);
        }
        Path partial = tls.resolve(slot + PARTIAL);
        if (Files.exists(partial)) {
            try (Stream<Path> files = Files.walk(partial)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectory(partial, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        TlsIdentity identity = TlsIdentity.generateIn(partial, clock, random);
        Files.move(partial, directory(slot), StandardCopyOption.ATOMIC_MOVE);
        return identity;
    }

    private static List<String> names(State state) {
        List<String> names = new ArrayList<>(state.retired());
        names.add(state.active());
        if (state.next() != null) {
            names.add(state.next());
        }
        if (state.previous() != null) {
            names.add(state.previous());
        }
        return names;
    }

    /** Slot names come from a file an attacker with write access could edit: never a path outside {@code tls/}. */
    private static String checkName(String slot) {
        if (!INITIAL.equals(slot) && (slot == null || !GENERATED.matcher(slot).matches())) {
            throw new IllegalArgumentException("not a TLS slot name: '" + slot + "' (initial or gen-N)");
        }
        return slot;
    }
}
