package io.patchbay.agent.impl.poll;

import io.patchbay.agent.impl.device.DeviceClient;
import io.patchbay.agent.impl.device.DeviceException;
import io.patchbay.agent.impl.device.Messages.EnrollReply;
import io.patchbay.agent.impl.identity.ClientIdentity;
import io.patchbay.agent.impl.identity.IdentityStore;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Enrollment with a one-time token from a source read afresh each time (in the container: the token file), so a
 * device whose token was missing, used, refused or whose client was revoked enrolls as soon as an operator provides
 * a fresh token, without a restart. A token is sent at most once: its hash is remembered when the server consumed
 * or refused it, and a spent token is not sent again. Why the agent cannot enroll is logged once per reason.
 */
final class Enrollment {
    private static final String USED = "the configured enrollment token was already used; a new one is needed";

    private final IdentityStore identities;
    private final Supplier<Optional<String>> tokens;
    private final StatusLog log;
    private String sent;
    private String lastProblem;

    Enrollment(IdentityStore identities, Supplier<Optional<String>> tokens, StatusLog log) {
        this.identities = Objects.requireNonNull(identities, "identities");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** {@code identity} enrolled (if it was not) with a fresh token; null when there is none (logged once). */
    ClientIdentity enroll(ClientIdentity identity, DeviceClient client) throws IOException, DeviceException {
        if (identity.enrolled()) {
            return identity;
        }
        Optional<String> token = tokens.get().filter(t -> !t.isBlank());
        if (token.isEmpty()) {
            problem("no enrollment token is configured");
            return null;
        }
        if (identities.tokenSpent(token.get())) {
            problem(USED);
            return null;
        }
        sent = token.get();
        EnrollReply reply = client.enroll(token.get(), identity);
        identities.spendToken(token.get());
        lastProblem = null;
        log.info("agent enrolled as client " + reply.clientId() + " on channel " + reply.channel());
        return identities.saveClientId(identity, reply.clientId());
    }

    /** The server refused the token last sent: it is never sent again. */
    void refused() {
        lastProblem = USED; // the refusal itself was logged; the token is now a used one
        try {
            if (sent != null) {
                identities.spendToken(sent);
            }
        } catch (IOException e) {
            log.warn("cannot record the refused token: " + e.getMessage());
        }
    }

    /** Forgets the last reason, so the next one is logged (after a revocation, say). */
    void reset() {
        lastProblem = null;
    }

    private void problem(String why) {
        if (!why.equals(lastProblem)) {
            lastProblem = why;
            log.warn("agent not enrolled: " + why + "; it enrolls once a fresh one-time token is provided");
        }
    }
}
