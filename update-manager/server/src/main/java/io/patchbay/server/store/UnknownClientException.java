package io.patchbay.server.store;

/** No client with that id is enrolled. */
public class UnknownClientException extends StoreException {
    private static final long serialVersionUID = 1L;

    public UnknownClientException(String clientId) {
        super("unknown client " + clientId);
    }
}
