package io.patchbay.policy.api;

import java.util.Objects;
import java.util.Optional;

/**
 * When a pending update may be swapped in, as the operator's deployment names it. Every kind also waits
 * for a maintenance window and for the download to finish.
 *
 * <ul>
 *   <li>{@link Kind#NOW}: as soon as allowed.</li>
 *   <li>{@link Kind#WHEN_IDLE}: when {@link HostCallbacks#isIdle()} says so. A host that does not report
 *       idleness is never considered idle: the update waits (for its deadline, if any) and says why.</li>
 *   <li>{@link Kind#AFTER_COMMIT}: inside the host's next {@link CommitPoint#reached()} call, on the host's
 *       thread, before the host's next unit of work. Without a commit point it waits, and says why.</li>
 *   <li>{@link Kind#ASK_USER}: {@link HostCallbacks#askUser} is asked; the user accepts or defers. Without
 *       that callback it waits, and says why.</li>
 *   <li>{@link Kind#DEADLINE}: ASK_USER with a {@link Deadline}: warnings ahead of time, then the operator's
 *       {@link OnExpiry} choice if the level is still not reached.</li>
 * </ul>
 *
 * Any kind may carry a deadline ({@link #withDeadline}); DEADLINE must.
 */
public final class UpdatePolicy {

    /** The kinds of policy, described above. */
    public enum Kind {
        /** As soon as allowed. */
        NOW,
        /** When the host says it is idle. */
        WHEN_IDLE,
        /** At the host's next commit point. */
        AFTER_COMMIT,
        /** When the user accepts. */
        ASK_USER,
        /** When the user accepts, enforced at a deadline. */
        DEADLINE
    }

    private final Kind kind;
    private final Deadline deadline;

    private UpdatePolicy(Kind kind, Deadline deadline) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DEADLINE && deadline == null) {
            throw new IllegalArgumentException("a DEADLINE policy needs a deadline");
        }
        this.deadline = deadline;
    }

    /**
     * Swap as soon as allowed.
     *
     * @return a NOW policy
     */
    public static UpdatePolicy now() {
        return new UpdatePolicy(Kind.NOW, null);
    }

    /**
     * Swap when {@link HostCallbacks#isIdle()} says so.
     *
     * @return a WHEN_IDLE policy
     */
    public static UpdatePolicy whenIdle() {
        return new UpdatePolicy(Kind.WHEN_IDLE, null);
    }

    /**
     * Swap inside the host's next {@link CommitPoint#reached()}.
     *
     * @return an AFTER_COMMIT policy
     */
    public static UpdatePolicy afterCommit() {
        return new UpdatePolicy(Kind.AFTER_COMMIT, null);
    }

    /**
     * Swap when the user accepts.
     *
     * @return an ASK_USER policy
     */
    public static UpdatePolicy askUser() {
        return new UpdatePolicy(Kind.ASK_USER, null);
    }

    /**
     * Ask the user, and enforce the operator's choice at the deadline.
     *
     * @param deadline the deadline
     * @return a DEADLINE policy
     * @throws NullPointerException when {@code deadline} is null
     */
    public static UpdatePolicy deadline(Deadline deadline) {
        return new UpdatePolicy(Kind.DEADLINE, Objects.requireNonNull(deadline, "deadline"));
    }

    /**
     * The same kind with a deadline: if the level is not reached by then, the operator's choice applies.
     *
     * @param deadline the deadline
     * @return a copy with the deadline
     * @throws NullPointerException when {@code deadline} is null
     */
    public UpdatePolicy withDeadline(Deadline deadline) {
        return new UpdatePolicy(kind, Objects.requireNonNull(deadline, "deadline"));
    }

    /**
     * The kind of policy.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The deadline.
     *
     * @return the deadline; always present for DEADLINE, optional for the other kinds
     */
    public Optional<Deadline> deadline() {
        return Optional.ofNullable(deadline);
    }

    /**
     * Whether a user's consent is sought before the swap (unless the action is forced).
     *
     * @return true for ASK_USER and DEADLINE
     */
    public boolean asksUser() {
        return kind == Kind.ASK_USER || kind == Kind.DEADLINE;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UpdatePolicy p && p.kind == kind && Objects.equals(p.deadline, deadline);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, deadline);
    }

    @Override
    public String toString() {
        return deadline == null ? kind.name() : kind + " by " + deadline.at();
    }
}
