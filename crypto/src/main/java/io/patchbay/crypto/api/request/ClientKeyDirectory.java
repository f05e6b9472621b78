package io.patchbay.crypto.api.request;

import java.util.Optional;

/** The server's lookup of a client's signing keys by client id (the fleet database, or a map in tests). */
@FunctionalInterface
public interface ClientKeyDirectory {

    /**
     * @param clientId a syntactically valid client id (the verifier checked it first)
     * @return the client's keys, or empty if no client has this id
     */
    Optional<ClientKeys> find(String clientId);
}
