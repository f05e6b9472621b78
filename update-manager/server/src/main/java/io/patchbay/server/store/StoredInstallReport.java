package io.patchbay.server.store;

import java.time.Instant;

/** An install report as stored: its id and the server's receiving time. */
public record StoredInstallReport(String id, Instant receivedAt, InstallReport report) {
}
