package io.patchbay.server.store;

/** No client with that id is enrolled. */
public class UnknownClientException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal for an id no client has.
     *
     * @param clientId the id asked for
     */
    public UnknownClientException(String clientId) {
        super("unknown client " + clientId);
    }
}
