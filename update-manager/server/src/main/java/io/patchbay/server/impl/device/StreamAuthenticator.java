package io.patchbay.server.impl.device;

import io.patchbay.server.impl.http.Exchange;
import io.patchbay.server.impl.http.HttpError;
import io.patchbay.server.impl.store.Clients;
import io.patchbay.server.impl.store.Nonces;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Authenticates a signed request that writes nothing (the push stream's GET) exactly like the other device requests:
 * crypto's verifier against the clients table (unknown, revoked, stale, tampered: refused with the same codes), and
 * the request's nonce recorded in its own transaction, so a captured request cannot open a second stream.
 */
public final class StreamAuthenticator {
    private final SignedRequests signed;
    private final Clients clients;
    private final Nonces nonces;

    public StreamAuthenticator(Clients clients, Nonces nonces, Clock clock, Duration skew) {
        this.clients = Objects.requireNonNull(clients);
        this.nonces = Objects.requireNonNull(nonces);
        this.signed = new SignedRequests(clients, clock, skew);
    }

    /**
     * @return the client, as stored now (its channel and current sealing key)
     * @throws HttpError the refusal ({@code missing_header}, {@code bad_signature}, {@code revoked}, {@code replayed}...)
     */
    public ClientRecord authenticate(Exchange exchange) throws StoreException {
        SignedRequests.Verified verified = signed.verify(exchange);
        if (!nonces.record(verified.clientId(), verified.nonce().nonce(), verified.nonce().expiresAt())) {
            throw new HttpError(401, "replayed", "this request was seen before; sign a new one");
        }
        ClientRecord client = clients.find(verified.clientId())
                .orElseThrow(() -> new HttpError(401, "unknown_client", "no such client"));
        if (client.revoked()) {
            throw new HttpError(403, "revoked", "client " + client.id() + " is revoked");
        }
        return client;
    }
}
