package io.patchbay.license.http;

/**
 * The license server's instance routes (POST, JSON body {@code {"request": "<compact JWS>"}}); the server half
 * (license-manager/server, {@code LicenseServerApi}) serves exactly these paths.
 */
public final class LicenseRoutes {
    /** ActivationRequest → {@code {licenseId, activationId, token, lease, freshness}}. */
    public static final String ACTIVATE = "/license/v1/activate";
    /** As {@link #ACTIVATE}, moving the least recently seen activation off within the transfer limit. */
    public static final String TRANSFER = "/license/v1/transfer";
    /** LeaseRequest → {@code {lease}}. */
    public static final String RENEW = "/license/v1/renew";
    /** LeaseRequest → {@code {released}}. */
    public static final String RELEASE = "/license/v1/release";
    /** LeaseRequest → {@code {deactivated}}. */
    public static final String DEACTIVATE = "/license/v1/deactivate";

    private LicenseRoutes() {
    }
}
