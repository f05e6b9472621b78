package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.impl.db.SqlStates;
import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.ConflictException;
import io.patchbay.server.store.InstallReport;
import io.patchbay.server.store.InstallState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.StepTiming;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.StoredInstallReport;
import io.patchbay.server.store.UnknownClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Install reports: every progress state and final result a client sends, one row each. Failed installs
 * (final results other than COMMITTED) are listed newest first, for the fleet view.
 */
public final class InstallReports {
    private final Database database;
    private final Clock clock;

    public InstallReports(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Stores a report and, in the same transaction, the signed request's nonce ({@code null}: none).
     *
     * @return the new report's id; for a report whose swap id this client already reported, that report's id
     *         (nothing new is stored: the agent sent it again because it lost the acknowledgement)
     * @throws UnknownClientException no such client
     * @throws ClientRevokedException the client is revoked (nothing is stored)
     */
    public String record(InstallReport report, RequestNonce nonce) throws StoreException {
        Objects.requireNonNull(report.state(), "state");
        Objects.requireNonNull(report.signedAt(), "signedAt");
        if (report.targetSequence() < 0) {
            throw new InvalidInputException("target sequence", "must not be negative");
        }
        String cause = text("cause", report.cause(), StoreLimits.MAX_CAUSE_CHARS);
        String log = text("log", report.logExcerpt(), StoreLimits.MAX_LOG_EXCERPT_CHARS);
        String timings = timingsJson(report.timings());
        String deploymentId = report.deploymentId() == null ? null
                : Inputs.name("deploymentId", report.deploymentId(), StoreLimits.MAX_DEPLOYMENT_ID_CHARS);
        String policy = PolicyReportJson.check(report.policyJson());
        String swapId = report.swapId() == null ? null
                : Inputs.name("swapId", report.swapId(), StoreLimits.MAX_DEPLOYMENT_ID_CHARS);
        Instant now = Timestamps.truncate(clock.instant());
        String id = Secrets.newId();
        return database.inTransaction(c -> {
            if (nonce != null) {
                Nonces.consume(c, nonce, now);
            }
            requireActiveClient(c, report.clientId());
            if (swapId != null) {
                Optional<String> earlier = reportOfSwap(c, report.clientId(), swapId);
                if (earlier.isPresent()) {
                    return earlier.get();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO install_reports (id, client_id,"
                    + " received_at, signed_at, target_sequence, state, final_result, cause, timings_json, log_excerpt,"
                    + " deployment_id, policy_json, swap_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, report.clientId());
                Timestamps.set(insert, 3, now);
                Timestamps.set(insert, 4, report.signedAt());
                insert.setLong(5, report.targetSequence());
                insert.setString(6, report.state().name());
                insert.setBoolean(7, report.state().isFinal());
                setNullable(insert, 8, cause);
                insert.setString(9, timings);
                setNullable(insert, 10, log);
                setNullable(insert, 11, deploymentId);
                setNullable(insert, 12, policy);
                setNullable(insert, 13, swapId);
                insert.executeUpdate();
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e)) {
                    // the same report, sent twice at once: one insert won; the agent retries and gets its id
                    throw new ConflictException("duplicate_report", "a report of swap " + swapId
                            + " is being stored; send it again");
                }
                throw e;
            }
            return id;
        });
    }

    private static Optional<String> reportOfSwap(Connection c, String clientId, String swapId) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(
                "SELECT id FROM install_reports WHERE client_id = ? AND swap_id = ?")) {
            select.setString(1, clientId);
            select.setString(2, swapId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    /** Failed installs (final results other than COMMITTED), newest first, at most {@code limit}. */
    public List<StoredInstallReport> failed(int limit) throws StoreException {
        return newest(" WHERE state IN ('REJECTED', 'ROLLED_BACK', 'ROLLBACK_FAILED', 'CRASHED')", limit);
    }

    /** Every kind of report (progress and final), newest first, at most {@code limit}: the dashboard's feed. */
    public List<StoredInstallReport> recent(int limit) throws StoreException {
        return newest("", limit);
    }

    private List<StoredInstallReport> newest(String where, int limit) throws StoreException {
        if (limit < 1 || limit > StoreLimits.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be 1.." + StoreLimits.MAX_PAGE_SIZE);
        }
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT id, client_id, received_at, signed_at,"
                    + " target_sequence, state, cause, timings_json, log_excerpt, deployment_id, policy_json, swap_id"
                    + " FROM install_reports" + where + " ORDER BY received_at DESC, id FETCH FIRST ? ROWS ONLY")) {
                select.setInt(1, limit);
                List<StoredInstallReport> reports = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        reports.add(read(rs));
                    }
                }
                return reports;
            }
        });
    }

    static StoredInstallReport read(ResultSet rs) throws SQLException {
        InstallReport report = new InstallReport(rs.getString("client_id"), rs.getLong("target_sequence"),
                InstallState.valueOf(rs.getString("state")), rs.getString("cause"),
                parseTimings(rs.getString("timings_json")), rs.getString("log_excerpt"),
                Timestamps.get(rs, "signed_at"), rs.getString("deployment_id"), rs.getString("policy_json"),
                rs.getString("swap_id"));
        return new StoredInstallReport(rs.getString("id"), Timestamps.get(rs, "received_at"), report);
    }

    private static void requireActiveClient(Connection c, String clientId) throws SQLException, StoreException {
        var client = Clients.find(c, clientId, false).orElseThrow(() -> new UnknownClientException(clientId));
        if (client.revoked()) {
            throw new ClientRevokedException(clientId);
        }
    }

    /** Free text: bounded, and without NUL (PostgreSQL refuses it in text columns). */
    private static String text(String field, String value, int maxChars) throws InvalidInputException {
        if (value == null) {
            return null;
        }
        if (value.length() > maxChars) {
            throw new LimitExceededException(field, maxChars, value.length(), "characters");
        }
        if (value.indexOf('\0') >= 0) {
            throw new InvalidInputException(field, "must not contain NUL characters");
        }
        return value;
    }

    private static String timingsJson(List<StepTiming> timings) throws InvalidInputException {
        if (timings.size() > StoreLimits.MAX_TIMING_STEPS) {
            throw new LimitExceededException("timings", StoreLimits.MAX_TIMING_STEPS, timings.size(), "steps");
        }
        ArrayNode array = Inputs.JSON.createArrayNode();
        for (StepTiming timing : timings) {
            if (timing == null) {
                throw new InvalidInputException("timings", "contains a null entry");
            }
            Inputs.name("timing step", timing.step(), StoreLimits.MAX_STEP_NAME_CHARS);
            if (timing.millis() < 0) {
                throw new InvalidInputException("timings", "millis must not be negative");
            }
            array.addObject().put("step", timing.step()).put("millis", timing.millis());
        }
        return array.toString();
    }

    private static List<StepTiming> parseTimings(String json) throws SQLException {
        try {
            List<StepTiming> timings = new ArrayList<>();
            for (JsonNode node : Inputs.JSON.readTree(json)) {
                timings.add(new StepTiming(node.path("step").asText(), node.path("millis").asLong()));
            }
            return timings;
        } catch (JsonProcessingException e) {
            throw new SQLException("stored timings are not JSON", e);
        }
    }

    private static void setNullable(PreparedStatement statement, int index, String value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        } else {
            statement.setString(index, value);
        }
    }
}
