package io.patchbay.tuf.repo.impl;

import io.patchbay.tuf.impl.crypto.Signatures;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Targets;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A human-readable summary of a repository: one line per role, plus location and staged work. */
public final class StatusReport {

    private final WorkingSet ws;

    public StatusReport(WorkingSet ws) {
        this.ws = ws;
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        Instant now = ws.clock().instant();
        Root root = ws.root();
        lines.add("repository " + ws.layout().dir() + " (consistent_snapshot=" + root.consistentSnapshot() + ")");
        root.location().ifPresent(location -> lines.add("location metadata_url=" + location.metadataUrl()
                + " targets_url=" + location.targetsUrl() + " tls_pins=" + location.tlsPins()));
        lines.add(line(Metadata.ROOT, root.metadata(), now));
        ws.publishedSnapshot().ifPresent(s -> lines.add(line(Metadata.SNAPSHOT, s, now)));
        ws.publishedTimestamp().ifPresent(t -> lines.add(line(Metadata.TIMESTAMP, t, now)));
        ws.targetsRoles().forEach((role, md) -> lines.add(line(role, md, now)
                + " targets=" + Targets.of(md).targets().size()));
        for (String role : ws.changed()) {
            lines.add("staged " + role + " v" + ws.current(role).version() + " (waiting for signatures)");
        }
        return lines;
    }

    private String line(String role, Metadata md, Instant now) {
        WorkingSet.SigningRule rule = ws.signingRule(role);
        int valid = Signatures.validSignerKeyIds(md, rule.keys(), rule.roleKeys()).size();
        Duration left = Duration.between(now, md.expires());
        String expiry = left.isNegative() || left.isZero() ? "EXPIRED" : "expires in " + left.toDays() + "d" + left.toHoursPart() + "h";
        return String.format("%-10s v%-4d %s (%s)  keys=%d threshold=%d valid-signatures=%d  keyids=%s",
                role, md.version(), Metadata.formatExpiry(md.expires()), expiry, rule.roleKeys().keyIds().size(),
                rule.roleKeys().threshold(), valid, shortIds(rule.roleKeys().keyIds()));
    }

    private static List<String> shortIds(List<String> ids) {
        return ids.stream().map(id -> id.substring(0, Math.min(12, id.length()))).toList();
    }
}
