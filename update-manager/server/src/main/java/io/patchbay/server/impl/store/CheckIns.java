package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.patchbay.server.impl.db.Database;
import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRevokedException;
import io.patchbay.server.store.ClientState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.ReplayedRequestException;
import io.patchbay.server.store.ReportedBundle;
import io.patchbay.server.store.StoreException;
import io.patchbay.server.store.UnknownClientException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Check-ins: each one replaces the client's last reported state. The state row exists from enrollment on,
 * so recording is one UPDATE, with no vendor-specific upsert and no insert race between two check-ins.
 */
public final class CheckIns {
    private final Database database;
    private final Clock clock;

    public CheckIns(Database database, Clock clock) {
        this.database = Objects.requireNonNull(database);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Records a check-in as the client's last state.
     *
     * @throws UnknownClientException no such client
     * @throws ClientRevokedException the client is revoked (nothing is recorded)
     */
    public void record(CheckIn checkIn) throws StoreException {
        record(checkIn, null);
    }

    /**
     * Records a check-in and, in the same transaction, the nonce of the signed request that carried it.
     *
     * @param nonce null to record no nonce
     * @throws ReplayedRequestException the nonce was used before (nothing is recorded)
     */
    public void record(CheckIn checkIn, RequestNonce nonce) throws StoreException {
        if (checkIn.patchSequence() < 0) {
            throw new InvalidInputException("patch sequence", "must not be negative");
        }
        String bundlesJson = bundlesJson(Inputs.bundles(checkIn.bundles()));
        String facts = Inputs.factsJson(checkIn.factsJson());
        String channel = checkIn.channel() == null ? null : Inputs.channel(checkIn.channel());
        Instant now = Timestamps.truncate(clock.instant());
        database.inTransaction(c -> {
            if (nonce != null) {
                Nonces.consume(c, nonce, now);
            }
            try (PreparedStatement update = c.prepareStatement("UPDATE client_state SET last_seen = ?,"
                    + " patch_sequence = ?, bundles_json = ?, facts_json = ?, reported_channel = ?,"
                    + " check_ins = check_ins + 1 WHERE client_id = ? AND EXISTS (SELECT 1 FROM clients c"
                    + " WHERE c.id = client_state.client_id AND c.revoked_at IS NULL)")) {
                Timestamps.set(update, 1, now);
                update.setLong(2, checkIn.patchSequence());
                update.setString(3, bundlesJson);
                update.setString(4, facts);
                update.setString(5, channel);
                update.setString(6, checkIn.clientId());
                if (update.executeUpdate() == 1) {
                    return null;
                }
            }
            if (Clients.find(c, checkIn.clientId(), false).isEmpty()) {
                throw new UnknownClientException(checkIn.clientId());
            }
            throw new ClientRevokedException(checkIn.clientId());
        });
    }

    public Optional<ClientState> find(String clientId) throws StoreException {
        return database.inTransaction(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT client_id, last_seen, patch_sequence,"
                    + " bundles_json, facts_json, reported_channel, check_ins FROM client_state WHERE client_id = ?")) {
                select.setString(1, clientId);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new ClientState(rs.getString("client_id"), Timestamps.get(rs, "last_seen"),
                            rs.getLong("patch_sequence"), parseBundles(rs.getString("bundles_json")),
                            rs.getString("facts_json"), rs.getString("reported_channel"), rs.getLong("check_ins")));
                }
            }
        });
    }

    /** The state row of a new client: never seen, level 0. */
    static void createEmptyState(Connection c, String clientId) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO client_state"
                + " (client_id, last_seen, patch_sequence, bundles_json, facts_json, check_ins)"
                + " VALUES (?, NULL, 0, '[]', '{}', 0)")) {
            insert.setString(1, clientId);
            insert.executeUpdate();
        }
    }

    private static String bundlesJson(List<ReportedBundle> bundles) {
        ArrayNode array = Inputs.JSON.createArrayNode();
        for (ReportedBundle bundle : bundles) {
            array.addObject().put("symbolicName", bundle.symbolicName()).put("version", bundle.version());
        }
        return array.toString();
    }

    private static List<ReportedBundle> parseBundles(String json) throws SQLException {
        try {
            List<ReportedBundle> bundles = new ArrayList<>();
            for (JsonNode node : Inputs.JSON.readTree(json)) {
                bundles.add(new ReportedBundle(node.path("symbolicName").asText(), node.path("version").asText()));
            }
            return bundles;
        } catch (JsonProcessingException e) {
            throw new SQLException("stored bundle list is not JSON", e);
        }
    }
}
