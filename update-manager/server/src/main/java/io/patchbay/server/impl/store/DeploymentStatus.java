package io.patchbay.server.impl.store;

import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.Deployment;
import io.patchbay.server.store.DeploymentClientStatus;
import io.patchbay.server.store.NotFoundException;
import io.patchbay.server.store.Release;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.StoredInstallReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The per-deployment report: every client a deployment names (its channel's clients, or its group), in id order
 * and paged, each with its newest install report that names the deployment ({@code deployment_id}, sent by agents
 * since the deployment field exists). Two queries per page: the clients, then their newest reports (one window
 * function over the page's id range, served by the {@code install_reports_deployment} index).
 */
public final class DeploymentStatus {
    /**
     * One page: the deployment, its release, and up to {@code limit} clients after {@code after}. {@code rollback}:
     * the deployment takes its clients back from a halted release (so a client above its level is not there yet).
     */
    public record Page(Deployment deployment, Release release, List<DeploymentClientStatus> clients,
                       boolean rollback) {
        /** Whether a client that reports {@code patchSequence} runs this deployment's release level. */
        public boolean atLevel(long patchSequence) {
            return rollback ? patchSequence == release.level() : patchSequence >= release.level();
        }
    }

    private static final String CLIENT_COLUMNS = "SELECT c.id, c.channel, c.revoked_at, s.patch_sequence, s.last_seen";

    private final Database database;

    public DeploymentStatus(Database database) {
        this.database = Objects.requireNonNull(database);
    }

    /** @throws NotFoundException {@code unknown_deployment} */
    public Page page(String deploymentId, String afterClientId, int limit) throws StoreException {
        Inputs.name("deploymentId", deploymentId, StoreLimits.MAX_DEPLOYMENT_ID_CHARS);
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        String after = afterClientId == null ? "" : afterClientId;
        return database.inTransaction(c -> {
            Deployment deployment = Deployments.find(c, deploymentId).orElseThrow(() ->
                    new NotFoundException("unknown_deployment", "no deployment '" + deploymentId + "'"));
            Release release = Releases.find(c, deployment.spec().releaseId()).orElseThrow();
            boolean rollback = Deployments.rollbackOf(c, deploymentId) != null;
            List<DeploymentClientStatus> rows = clients(c, deployment, after, limit);
            if (rows.isEmpty()) {
                return new Page(deployment, release, rows, rollback);
            }
            Map<String, StoredInstallReport> newest = newestReports(c, deploymentId, after,
                    rows.get(rows.size() - 1).clientId());
            List<DeploymentClientStatus> page = new ArrayList<>();
            for (DeploymentClientStatus row : rows) {
                page.add(new DeploymentClientStatus(row.clientId(), row.channel(), row.patchSequence(), row.lastSeen(),
                        row.revoked(), newest.get(row.clientId())));
            }
            return new Page(deployment, release, page, rollback);
        });
    }

    private static List<DeploymentClientStatus> clients(Connection c, Deployment deployment, String after, int limit)
            throws SQLException {
        boolean byChannel = deployment.spec().channel() != null;
        String sql = CLIENT_COLUMNS + (byChannel
                ? " FROM clients c LEFT JOIN client_state s ON s.client_id = c.id WHERE c.channel = ?"
                : " FROM deployment_clients dc JOIN clients c ON c.id = dc.client_id"
                        + " LEFT JOIN client_state s ON s.client_id = c.id WHERE dc.deployment_id = ?")
                + " AND c.id > ? ORDER BY c.id FETCH FIRST ? ROWS ONLY";
        try (PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, byChannel ? deployment.spec().channel() : deployment.id());
            select.setString(2, after);
            select.setInt(3, limit);
            List<DeploymentClientStatus> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    long sequence = rs.getLong("patch_sequence");
                    rows.add(new DeploymentClientStatus(rs.getString("id"), rs.getString("channel"),
                            rs.wasNull() ? null : sequence, Timestamps.get(rs, "last_seen"),
                            Timestamps.get(rs, "revoked_at") != null, null));
                }
            }
            return rows;
        }
    }

    private static Map<String, StoredInstallReport> newestReports(Connection c, String deploymentId, String after,
            String last) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT * FROM (SELECT ir.id, ir.client_id, ir.received_at,"
                + " ir.signed_at, ir.target_sequence, ir.state, ir.cause, ir.timings_json, ir.log_excerpt,"
                + " ir.deployment_id, ir.policy_json, ir.swap_id, ROW_NUMBER() OVER (PARTITION BY ir.client_id"
                + " ORDER BY ir.received_at DESC, ir.id DESC) AS newest FROM install_reports ir"
                + " WHERE ir.deployment_id = ? AND ir.client_id > ? AND ir.client_id <= ?) t WHERE t.newest = 1")) {
            select.setString(1, deploymentId);
            select.setString(2, after);
            select.setString(3, last);
            Map<String, StoredInstallReport> newest = new HashMap<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    StoredInstallReport report = InstallReports.read(rs);
                    newest.put(report.report().clientId(), report);
                }
            }
            return newest;
        }
    }
}
