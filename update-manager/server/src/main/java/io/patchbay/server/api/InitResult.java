package io.patchbay.server.api;

import java.nio.file.Path;

/**
 * What {@code init} produced: the TLS certificate's pin (for the repository's signed root) and the first
 * admin token, an OPERATOR token, shown this once (the database keeps only its hash).
 *
 * @param certificatePinSha256 RFC 7469 pin-sha256 of the server's TLS key (padded base64 of SHA-256 of its SPKI)
 * @param certificateFile      the certificate in PEM, for clients that trust it directly
 * @param adminToken           the first admin token (OPERATOR role); not printed by {@link #toString()}
 * @param trustedRootFile      the repository's signed root v1 ({@code 1.root.json}): ship it to clients as their
 *                             trusted root (it names the location and the TLS pin when the URL was known at init)
 */
public record InitResult(String certificatePinSha256, Path certificateFile, String adminToken, Path trustedRootFile) {
    @Override
    public String toString() {
        // Keep the token out of logs that print the record.
        return "InitResult[pin-sha256=" + certificatePinSha256 + ", certificate=" + certificateFile + ", root=" + trustedRootFile + "]";
    }
}
