package io.patchbay.sample.host.impl.json;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /license}: the installed license (if any), each feature's status, and recent events.
 *
 * @param licenseId   the installed license's id, or null
 * @param customer    its customer, or null
 * @param expiresAt   its expiry (ISO-8601), or null
 * @param instanceKey this instance's public key (what a vendor binds a license to)
 * @param features    by name: code, enabled, inGrace, until
 * @param events      the latest callbacks: at, kind (enabled, disabled, in-grace, expiring), feature, code, message
 */
public record LicenseView(String licenseId, String customer, String expiresAt, String instanceKey,
                          Map<String, Feature> features, List<Event> events) {

    public record Feature(String code, boolean enabled, boolean inGrace, String until) {
    }

    public record Event(String at, String kind, String feature, String code, String message) {
    }
}
