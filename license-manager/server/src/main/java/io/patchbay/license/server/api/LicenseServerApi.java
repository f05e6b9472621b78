package io.patchbay.license.server.api;

import io.patchbay.license.http.LicenseRoutes;

/**
 * The license server's HTTP API, served by the update server (same TLS, same admin tokens) through its extension SPI.
 * The instance routes are the client's {@link LicenseRoutes}, which the license core's HTTPS transport calls.
 *
 * <h2>Instance routes (POST, JSON, 503 + Retry-After under load)</h2>
 * Body {@code {"request": "<compact JWS signed with the instance key>", "clientId": "<update client id, optional>"}}.
 * <ul>
 *   <li>{@link #ACTIVATE}: an ActivationRequest ({@code typ patchbay-activation+jwt}) → {@code {licenseId,
 *       activationId, token, lease, freshness}}: the node-locked license token, a first lease grant and its freshness
 *       value. Refusals: {@code unknown_license} 403, {@code license_revoked|license_suspended|license_expired} 403,
 *       {@code machine_limit|instance_moved|seat_limit|transfer_limit} 409, {@code activation_churn} 429,
 *       {@code replayed} 409, {@code stale_request} 400 (signed more than 24 h from server time).</li>
 *   <li>{@link #TRANSFER}: as activate, and when the license is on its machine limit (or this instance key moved),
 *       the least recently seen activation is moved off, within the policy's transfer limit.</li>
 *   <li>{@link #RENEW}: a LeaseRequest ({@code typ patchbay-lease-request+jwt}) → {@code {lease}}: a LeaseGrant JWS
 *       signed by the vendor key with server time, status ACTIVE / SUSPENDED / REVOKED, the lease's end and the next
 *       freshness value. Refusals: {@code not_activated} 403, {@code unknown_freshness} 409, {@code seat_limit} 409.</li>
 *   <li>{@link #RELEASE}: a LeaseRequest → {@code {released}}: the floating seat is free at once.</li>
 *   <li>{@link #DEACTIVATE}: a LeaseRequest → {@code {deactivated}}: the machine slot is free.</li>
 * </ul>
 * A message that fails verification is refused 400 with the license core's code in lower case
 * ({@code bad_signature}, {@code unknown_key}).
 *
 * <h2>Admin routes (bearer admin token; READ_ONLY reads, OPERATOR changes)</h2>
 * {@link #LICENSES} POST issue, {@link #LIST}, {@link #SHOW}{@code ?id=}, {@link #REVOKE}, {@link #SUSPEND},
 * {@link #REINSTATE} (body {@code {id, reason}}), {@link #FLAGS}{@code [?id=]}, {@link #OFFLINE_ACTIVATE} (body
 * {@code {request}}: the host's request file), {@link #KEYS}, {@link #ROTATE_KEY}.
 */
public final class LicenseServerApi {
    /** POST: online activation, {@code /license/v1/activate}. */
    public static final String ACTIVATE = LicenseRoutes.ACTIVATE;
    /** POST: activation that moves the least recently seen activation off when the machine limit is reached. */
    public static final String TRANSFER = LicenseRoutes.TRANSFER;
    /** POST: lease renewal (the heartbeat). */
    public static final String RENEW = LicenseRoutes.RENEW;
    /** POST: gives a floating seat back at once. */
    public static final String RELEASE = LicenseRoutes.RELEASE;
    /** POST: frees this instance's machine slot. */
    public static final String DEACTIVATE = LicenseRoutes.DEACTIVATE;

    /** POST (OPERATOR): issues a license. */
    public static final String LICENSES = "/admin/v1/licenses";
    /** GET (READ_ONLY): every license. */
    public static final String LIST = LICENSES + "/list";
    /** GET (READ_ONLY) {@code ?id=}: one license. */
    public static final String SHOW = LICENSES + "/show";
    /** POST (OPERATOR) {@code {id, reason}}: revokes for good; active instances are woken to renew at once. */
    public static final String REVOKE = LICENSES + "/revoke";
    /** POST (OPERATOR) {@code {id, reason}}: suspends until reinstated. */
    public static final String SUSPEND = LICENSES + "/suspend";
    /** POST (OPERATOR) {@code {id, reason}}: lifts a suspension (409 otherwise: a revocation is final). */
    public static final String REINSTATE = LICENSES + "/reinstate";
    /** GET (READ_ONLY) {@code [?id=]}: misuse flags, for all licenses or one. */
    public static final String FLAGS = LICENSES + "/flags";
    /** POST (OPERATOR) {@code {request}}: answers an air-gapped host's activation request file with a token. */
    public static final String OFFLINE_ACTIVATE = LICENSES + "/offline-activate";
    /** GET (READ_ONLY): the vendor signing keys' ids and public keys, and which one is active. */
    public static final String KEYS = LICENSES + "/keys";
    /** POST (OPERATOR): creates a new vendor signing key and makes it the active one. */
    public static final String ROTATE_KEY = LICENSES + "/keys/rotate";

    /** A signed message is at most 16 Ki characters; the JSON around it adds little. */
    public static final int MAX_DEVICE_BODY = 20 * 1024;
    /** The largest admin request body (an issue request with many features), in bytes. */
    public static final int MAX_ADMIN_BODY = 64 * 1024;

    private LicenseServerApi() {
    }
}
