package io.patchbay.sample.host.impl.json;

/**
 * The body of {@code POST /license/activate}: exactly one of a license key (activated online through the license
 * server) or a license token (e.g. the answer to an offline activation request).
 */
public record LicenseRequestBody(String licenseKey, String token) {
}
