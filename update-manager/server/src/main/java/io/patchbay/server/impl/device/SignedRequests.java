package io.patchbay.server.impl.device;

import io.patchbay.crypto.api.request.NonceStore;
import io.patchbay.crypto.api.request.Refusal;
import io.patchbay.crypto.api.request.RequestRefusedException;
import io.patchbay.crypto.api.request.RequestVerifier;
import io.patchbay.crypto.api.request.VerifiedRequest;
import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.server.impl.store.RequestNonce;
import io.patchbay.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies a device request with crypto's {@link RequestVerifier} against the clients table, and hands the
 * request's nonce to the endpoint instead of recording it: the endpoint records it in the same transaction
 * as its write ({@link RequestNonce}), so a replay rolls the write back and a refused or failed write leaves
 * no nonce behind.
 *
 * <p>Nonces are kept until the request's timestamp leaves the skew window, and the verifier refuses
 * timestamps outside that window ({@code stale}): a purged nonce belongs to a request that is refused anyway.
 */
final class SignedRequests {
    /** The widest skew: a nonce then lives at most 2 x skew + 1 s, inside {@link Nonces#MAX_TTL}. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);

    /** A verified request and the nonce its write must record. */
    record Verified(VerifiedRequest request, RequestNonce nonce) {
        String clientId() {
            return request.clientId();
        }
    }

    /** Captures the one nonce the verifier asks about, for the write's transaction. */
    private static final class NonceCapture implements NonceStore {
        private RequestNonce nonce;

        @Override
        public boolean firstUse(String clientId, String value, java.time.Instant expiresAt) {
            nonce = new RequestNonce(clientId, value, expiresAt);
            return true;
        }
    }

    private final StoreKeyDirectory directory;
    private final Clock clock;
    private final Duration skew;

    SignedRequests(Clients clients, Clock clock, Duration skew) {
        if (skew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("skew must be at most " + MAX_SKEW + " (nonces live at most "
                    + Nonces.MAX_TTL + ")");
        }
        this.directory = new StoreKeyDirectory(clients);
        this.clock = Objects.requireNonNull(clock);
        this.skew = skew;
    }

    /**
     * @throws HttpError the request's refusal: status and reason from crypto's {@link Refusal}
     * @throws StoreException the key lookup failed (503 when the database is down)
     */
    Verified verify(Exchange exchange) throws StoreException {
        NonceCapture capture = new NonceCapture();
        RequestVerifier verifier = new RequestVerifier(directory, capture, clock, skew);
        try {
            VerifiedRequest request = verifier.verify(exchange.method(), exchange.pathAndQuery(),
                    exchange::headerValues, exchange.body());
            return new Verified(request, Objects.requireNonNull(capture.nonce, "verifier recorded no nonce"));
        } catch (RequestRefusedException e) {
            Refusal reason = e.reason();
            Map<String, String> headers = reason == Refusal.OVERLOADED ? Map.of("Retry-After", "5") : Map.of();
            throw new HttpError(reason.httpStatus(), reason.name().toLowerCase(Locale.ROOT), e.getMessage(), headers);
        } catch (StoreKeyDirectory.LookupFailed e) {
            throw e.storeException();
        }
    }
}
