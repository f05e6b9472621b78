package io.patchbay.license.api;

import java.io.IOException;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * How the client reaches the license server (HTTP in production, a simulated server in tests). It carries signed
 * messages only and decides nothing: the client checks every answer's signature, type, license, instance and
 * request nonce, and treats an answer that fails any check like no answer (an outage, covered by the grace).
 */
@ConsumerType
public interface LeaseTransport {

    /**
     * Sends a lease request.
     *
     * @param signedRequest a compact JWS of type {@link LicenseTokens#LEASE_REQUEST_TYPE}
     * @return the server's grant, a compact JWS of type {@link LicenseTokens#LEASE_GRANT_TYPE} (a revoked or
     *         suspended license is answered with a signed grant saying so, not with an error)
     * @throws IOException when the server cannot be reached or does not answer with a grant
     */
    String renew(String signedRequest) throws IOException;

    /**
     * Sends an activation request.
     *
     * @param signedRequest a compact JWS of type {@link LicenseTokens#ACTIVATION_REQUEST_TYPE}
     * @return the node-locked license token
     * @throws IOException when the server cannot be reached or refuses (its message says why)
     */
    default String activate(String signedRequest) throws IOException {
        throw new IOException("this transport does not activate online; use an offline activation request file");
    }

    /**
     * Sends an activation request naming the host's update client, so that the license server can wake this host
     * through the update server's push channel when it revokes or suspends the license (the host then renews at
     * once instead of at its next lease interval). The id travels beside the signed request: at worst a forged one
     * makes the server wake another client, which only makes that client check in early.
     *
     * @param signedRequest  a compact JWS of type {@link LicenseTokens#ACTIVATION_REQUEST_TYPE}
     * @param updateClientId the id the update server knows this host's agent by, or null when it has none (yet)
     * @return the node-locked license token
     * @throws IOException when the server cannot be reached or refuses (its message says why)
     * @since 1.1
     */
    default String activate(String signedRequest, String updateClientId) throws IOException {
        return activate(signedRequest);
    }
}
