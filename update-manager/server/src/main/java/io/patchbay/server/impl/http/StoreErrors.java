package io.patchbay.server.impl.http;

import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.KeyInUseException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.ReplayedRequestException;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreUnavailableException;
import io.patchbay.server.store.TokenRejectedException;
import io.patchbay.server.store.UnknownClientException;
import java.util.Map;

/** Maps each storage refusal onto its HTTP status and reason code (the table in the module README). */
final class StoreErrors {
    /** Seconds a client should wait after a 503 before it tries again. */
    static final int RETRY_AFTER_SECONDS = 5;

    private StoreErrors() {
    }

    static HttpError toHttp(StoreException e) {
        if (e instanceof LimitExceededException) {
            return new HttpError(413, "too_large", e.getMessage());
        }
        if (e instanceof InvalidInputException) {
            return new HttpError(400, "invalid_input", e.getMessage());
        }
        if (e instanceof TokenRejectedException) {
            // One answer for unknown, used and expired: a prober learns nothing; the log has the reason.
            return new HttpError(401, "enrollment_token_rejected",
                    "the enrollment token is not valid (unknown, already used or expired); ask the operator for a new one");
        }
        if (e instanceof UnknownClientException) {
            return new HttpError(401, "unknown_client", e.getMessage());
        }
        if (e instanceof ClientRevokedException) {
            return new HttpError(403, "revoked", e.getMessage());
        }
        if (e instanceof ReplayedRequestException) {
            return new HttpError(401, "replayed", e.getMessage());
        }
        if (e instanceof KeyInUseException) {
            return new HttpError(409, "key_in_use", e.getMessage());
        }
        if (e instanceof ConflictException conflict) {
            return new HttpError(409, conflict.code(), e.getMessage());
        }
        if (e instanceof NotFoundException notFound) {
            return new HttpError(404, notFound.code(), e.getMessage());
        }
        if (e instanceof StoreUnavailableException) {
            return unavailable("the database is unavailable; retry later");
        }
        return new HttpError(500, "internal_error", "storage failure; see the server log");
    }

    static HttpError unavailable(String message) {
        return new HttpError(503, "unavailable", message,
                Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
    }
}
