package io.patchbay.server.store;

/** The client's keys were revoked by an operator: it must enroll again with a new token. */
public class ClientRevokedException extends StoreException {
    private static final long serialVersionUID = 1L;

    /**
     * A refusal for a revoked client.
     *
     * @param clientId the client
     */
    public ClientRevokedException(String clientId) {
        super("client " + clientId + " is revoked; it must enroll again");
    }
}
