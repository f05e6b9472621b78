package io.patchbay.server.store;

import java.time.Instant;

/**
 * An install report as stored.
 *
 * @param id         the stored report's id
 * @param receivedAt the server's time when it arrived
 * @param report     the report
 */
public record StoredInstallReport(String id, Instant receivedAt, InstallReport report) {
}
