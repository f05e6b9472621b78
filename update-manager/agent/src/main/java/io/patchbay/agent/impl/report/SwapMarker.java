package io.patchbay.agent.impl.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.patchbay.agent.impl.files.AgentFiles;
import io.patchbay.agent.impl.poll.StatusLog;
import io.patchbay.framework.api.PatchLevel;
import io.patchbay.framework.api.PatchService;
import io.patchbay.framework.api.SwapRecord;
import io.patchbay.framework.api.SwapResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The persisted "pending report" marker, {@code DATA/pending-swap.json}: which deployment's swap this agent handed
 * to {@code PatchService}, written before the submit. The swap may replace the agent itself (its bundle is stopped
 * while the swap runs, and a new revision, or after a rollback the old one again, starts fresh), so nothing about it
 * may live only in memory: whichever agent revision runs next reads the marker, waits for the swap's record in the
 * history (the first record after {@link Pending#afterSequence} labelled with the release), reports it with the
 * deployment id, and never submits the same deployment again.
 *
 * <p>It also keeps the ids of the last {@value #CONCLUDED_KEPT} deployments whose swap ended, so an agent that
 * restarts after a rollback does not apply the same (still assigned) deployment again and again.
 */
public final class SwapMarker {
    static final String FILE = "pending-swap.json";
    static final int CONCLUDED_KEPT = 32;
    /** History records searched for an unsettled swap's commit (it is among the newest). */
    static final int RECENT = 16;
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * One submitted swap.
     *
     * @param afterSequence  the newest history sequence when it was submitted: its record comes after
     * @param submittedAt    epoch millis of the submit (agent clock); a swap with no record long after is lost
     * @param recordSequence its history record once found, else 0
     * @param outcome        the record's outcome once found, else null
     * @param reported       the server accepted the record's report
     */
    public record Pending(String deploymentId, String releaseId, long level, long afterSequence, long submittedAt,
                          long recordSequence, String outcome, boolean reported) {
        public boolean settled() {
            return outcome != null;
        }

        /** Whether {@code record} is this swap's: the first one after the submit with the release as label. */
        public boolean matches(SwapRecord record) {
            return record.sequence() > afterSequence && record.label().equals(releaseId);
        }
    }

    /**
     * The release level the host runs, as the server numbers releases, since the commit that left the runtime at
     * {@code committedSequence} (its commit counter). The counter goes up by one with every commit, a rollback
     * included, while a rollback takes the release level down, and a host that skipped a release is at a higher
     * release level than its commit count; so the level is the committed deployment's, while nothing committed since.
     */
    public record Running(long committedSequence, long level) {
    }

    /** The file's content; {@code running} is null until a deployment of this agent committed (older files lack it). */
    record State(Pending pending, List<String> concluded, Running running) {
        State {
            concluded = concluded == null ? List.of() : List.copyOf(concluded);
        }

        State(Pending pending, List<String> concluded) {
            this(pending, concluded, null);
        }
    }

    private final Path file;
    private final StatusLog log;
    private final Clock clock;
    private State state;

    public SwapMarker(Path dataDirectory, StatusLog log, Clock clock) {
        this.file = dataDirectory.resolve(FILE);
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public synchronized Optional<Pending> pending() {
        return Optional.ofNullable(state().pending());
    }

    /** Whether the swap of deployment {@code id} ended (in any outcome) under this agent or an earlier revision. */
    public synchronized boolean concluded(String id) {
        return state().concluded().contains(id);
    }

    /** Records a swap about to be submitted; throws (and the swap must not be submitted) if that is impossible. */
    public synchronized void submitted(Pending pending) throws IOException {
        save(new State(pending, state().concluded(), state().running()));
    }

    /** The swap's record was found: it ended with {@code record}'s outcome, and the deployment is concluded. */
    public synchronized void settled(SwapRecord record) {
        Pending p = state().pending();
        if (p == null || p.settled()) {
            return;
        }
        Running running = record.outcome() == SwapResult.Outcome.COMMITTED
                ? new Running(record.levelAfter(), p.level()) : state().running();
        store(new State(new Pending(p.deploymentId(), p.releaseId(), p.level(), p.afterSequence(), p.submittedAt(),
                record.sequence(), record.outcome().name(), false), withConcluded(p.deploymentId()), running));
    }

    /** The swap ended without a history record (the runtime refused to queue it): concluded, nothing to report. */
    public synchronized void settledWithoutRecord(String outcome) {
        Pending p = state().pending();
        if (p == null || p.settled()) {
            return;
        }
        store(new State(new Pending(p.deploymentId(), p.releaseId(), p.level(), p.afterSequence(), p.submittedAt(),
                0, outcome, true), withConcluded(p.deploymentId()), state().running()));
    }

    /** No record long after the submit: the runtime restarted before running it. Forgotten: it may be offered again. */
    public synchronized void lost() {
        store(new State(null, state().concluded(), state().running()));
    }

    /** The server accepted the reports of the history up to {@code sequence}. */
    public synchronized void acknowledged(long sequence) {
        Pending p = state().pending();
        if (p != null && p.settled() && !p.reported() && p.recordSequence() <= sequence) {
            store(new State(new Pending(p.deploymentId(), p.releaseId(), p.level(), p.afterSequence(),
                    p.submittedAt(), p.recordSequence(), p.outcome(), true), state().concluded(), state().running()));
        }
    }

    /** The deployment a history record belongs to, when it is the marked swap's record. */
    public synchronized Optional<String> deploymentOf(SwapRecord record) {
        Pending p = state().pending();
        if (p == null) {
            return Optional.empty();
        }
        boolean ours = p.settled() ? p.recordSequence() == record.sequence() : p.matches(record);
        return ours ? Optional.of(p.deploymentId()) : Optional.empty();
    }

    /** The level of the deployment a history record belongs to, when it is the marked swap's record. */
    public synchronized Optional<Long> levelOf(SwapRecord record) {
        Pending p = state().pending();
        return deploymentOf(record).map(id -> p.level());
    }

    /**
     * The release level the host runs: the level of the deployment that committed last, if nothing committed since
     * (the runtime's commit counter is still where that commit left it); else the counter, as before deployments. A
     * marked swap whose commit is in the history but not settled yet counts already: the check-in that follows a
     * swap is sent before the swap is settled.
     */
    public synchronized long runningLevel(PatchService patches) {
        PatchLevel level = patches.patchLevel();
        Running running = state().running();
        if (running != null && running.committedSequence() == level.sequence()) {
            return running.level();
        }
        Pending p = state().pending();
        if (p != null && !p.settled()) {
            for (SwapRecord r : patches.history(RECENT)) {
                if (r.outcome() == SwapResult.Outcome.COMMITTED && r.levelAfter() == level.sequence() && p.matches(r)) {
                    return p.level();
                }
            }
        }
        return level.sequence();
    }

    private List<String> withConcluded(String id) {
        List<String> ids = new ArrayList<>(state().concluded());
        ids.remove(id);
        ids.add(id);
        return ids.size() > CONCLUDED_KEPT ? ids.subList(ids.size() - CONCLUDED_KEPT, ids.size()) : ids;
    }

    private State state() {
        if (state == null) {
            state = load();
        }
        return state;
    }

    private State load() {
        if (!Files.exists(file)) {
            return new State(null, List.of());
        }
        try {
            return JSON.readValue(file.toFile(), State.class);
        } catch (IOException | RuntimeException e) {
            // kept aside, not deleted: it may explain a report that never came
            Path aside = file.resolveSibling(FILE + ".unreadable-" + clock.millis());
            log.warn("agent swap marker " + file + " is unreadable (" + e.getMessage() + "); moved to " + aside);
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                log.warn("cannot move the unreadable swap marker aside: " + moveFailed.getMessage());
            }
            return new State(null, List.of());
        }
    }

    /** After the submit, a failed write costs at most a duplicate attempt later; logged, the state kept in memory. */
    private void store(State next) {
        try {
            save(next);
        } catch (IOException e) {
            state = next;
            log.warn("cannot update the agent swap marker " + file + ": " + e.getMessage());
        }
    }

    private void save(State next) throws IOException {
        Files.createDirectories(file.getParent());
        AgentFiles.writeAtomically(file, JSON.writeValueAsString(next));
        state = next;
    }
}
