package io.patchbay.license.server.impl.http;

import io.patchbay.license.server.impl.service.Issuer;
import io.patchbay.license.server.impl.store.ActivationRow;
import io.patchbay.license.server.impl.store.Audit;
import io.patchbay.license.server.impl.store.Flags;
import io.patchbay.license.server.impl.store.LicenseRow;
import io.patchbay.license.server.impl.store.Seats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the admin API shows: records with ISO-8601 text times (the server's mapper has no time module). */
final class Views {
    private Views() {
    }

    record Policy(int maxMachines, Integer maxSeats, long seatTimeoutSeconds, Long checkInSeconds,
                  Long offlineGraceSeconds, int maxTransfers, int transfersUsed, int maxActivationsPerDay,
                  String misuseAction) {
    }

    record License(String id, String customer, String status, String statusReason, String statusChangedAt,
                   List<Issuer.StoredFeature> features, String notBefore, String expiresAt, Policy policy,
                   String createdAt) {
    }

    record Activation(String id, String instanceKey, Map<String, String> fingerprint, String clientId, boolean offline,
                      String activatedAt, String lastSeenAt, String deactivatedAt, String deactivatedWhy) {
    }

    record Seat(String id, String activationId, String acquiredAt, String heartbeatAt, String endedAt, String endReason) {
    }

    record Flag(String licenseId, String kind, String reason, long occurrences, String firstAt, String lastAt,
                String action) {
    }

    record AuditEntry(String at, String actor, String action, String detail) {
    }

    record Details(License license, List<Activation> activations, List<Seat> seats, List<Flag> flags,
                   List<AuditEntry> audit) {
    }

    static License license(LicenseRow r) {
        return new License(r.id(), r.customer(), r.status(), r.statusReason(), text(r.statusChangedAt()),
                Issuer.features(r.featuresJson()).stream().map(g -> new Issuer.StoredFeature(g.name(),
                        text(g.expiresAt()), g.limits())).toList(), text(r.notBefore()), text(r.expiresAt()),
                new Policy(r.maxMachines(), r.maxSeats(), r.seatTimeout().toSeconds(), seconds(r.checkIn()),
                        seconds(r.offlineGrace()), r.maxTransfers(), r.transfersUsed(), r.maxActivationsPerDay(),
                        r.misuseAction()), text(r.createdAt()));
    }

    static Activation activation(ActivationRow a) {
        return new Activation(a.id(), a.instanceKey(), a.fingerprint(), a.clientId(), a.offline(), text(a.activatedAt()),
                text(a.lastSeenAt()), text(a.deactivatedAt()), a.deactivatedWhy());
    }

    static Seat seat(Seats.SeatRow s) {
        return new Seat(s.id(), s.activationId(), text(s.acquiredAt()), text(s.heartbeatAt()), text(s.endedAt()),
                s.endReason());
    }

    static Flag flag(Flags.FlagRow f) {
        return new Flag(f.licenseId(), f.kind(), f.reason(), f.occurrences(), text(f.firstAt()), text(f.lastAt()),
                f.action());
    }

    static AuditEntry audit(Audit.Entry e) {
        return new AuditEntry(text(e.at()), e.actor(), e.action(), e.detail());
    }

    static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Long seconds(Duration duration) {
        return duration == null ? null : duration.toSeconds();
    }
}
