package io.patchbay.server.store;

/**
 * The request's nonce was already recorded for this client: a replay. Detected inside the write's own
 * transaction, which was rolled back, so nothing of the request was written.
 */
public class ReplayedRequestException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal of a replayed request.
     *
     * @param clientId the client whose nonce was reused
     */
    public ReplayedRequestException(String clientId) {
        super("nonce already used by client " + clientId);
    }
}
