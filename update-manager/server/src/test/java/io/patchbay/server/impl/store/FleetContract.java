package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.FleetEntry;
import io.patchbay.server.store.FleetQuery;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Fleet views: dead is computed in SQL against the injected clock. */
interface FleetContract extends StoreFixture {
    Duration INTERVAL = Duration.ofMinutes(5);

    default Map<String, FleetEntry> byId(List<FleetEntry> entries) {
        return entries.stream().collect(Collectors.toMap(FleetEntry::clientId, Function.identity()));
    }

    @Test
    default void fleetMarksClientsDeadAfterNIntervals() throws Exception {
        ClientRecord stale = enrollNew("beta");
        checkIns().record(new CheckIn(stale.id(), 7, List.of(), "{}", "beta"));
        clock().advance(INTERVAL.multipliedBy(2));
        ClientRecord edge = enrollNew("beta");
        checkIns().record(new CheckIn(edge.id(), 8, List.of(), "{}", "beta"));
        clock().advance(Duration.ofSeconds(1));
        ClientRecord fresh = enrollNew("stable");
        checkIns().record(new CheckIn(fresh.id(), 9, List.of(), "{}", "stable"));
        ClientRecord never = enrollNew("stable");

        Map<String, FleetEntry> fleet = byId(fleet().list(FleetQuery.all(INTERVAL, 2, 100)));
        assertEquals(4, fleet.size());
        assertTrue(fleet.get(stale.id()).dead(), "2 intervals + 1 s without a check-in");
        assertFalse(fleet.get(edge.id()).dead());
        assertFalse(fleet.get(fresh.id()).dead());
        assertTrue(fleet.get(never.id()).dead(), "never checked in");
        assertEquals(7, fleet.get(stale.id()).patchSequence());
        assertEquals("stable", fleet.get(fresh.id()).channel());

        List<FleetEntry> dead = fleet().list(new FleetQuery(INTERVAL, 2, true, null, null, 100));
        assertEquals(Map.of(stale.id(), true, never.id(), true),
                dead.stream().collect(Collectors.toMap(FleetEntry::clientId, FleetEntry::dead)));

        clients().revoke(never.id());
        assertEquals(List.of(stale.id()), fleet().list(new FleetQuery(INTERVAL, 2, true, null, null, 100)).stream()
                .map(FleetEntry::clientId).collect(Collectors.toList()), "revoked clients are not dead, they are gone");
    }

    @Test
    default void fleetPagesByIdAndFiltersByChannel() throws Exception {
        for (int i = 0; i < 5; i++) {
            enrollNew(i % 2 == 0 ? "beta" : "stable");
        }
        List<FleetEntry> first = fleet().list(FleetQuery.all(INTERVAL, 3, 2));
        List<FleetEntry> second = fleet().list(new FleetQuery(INTERVAL, 3, false, null, first.get(1).clientId(), 2));
        List<FleetEntry> third = fleet().list(new FleetQuery(INTERVAL, 3, false, null, second.get(1).clientId(), 2));
        assertEquals(2, first.size());
        assertEquals(2, second.size());
        assertEquals(1, third.size());
        assertTrue(first.get(1).clientId().compareTo(second.get(0).clientId()) < 0);

        List<FleetEntry> beta = fleet().list(new FleetQuery(INTERVAL, 3, false, "beta", null, 100));
        assertEquals(3, beta.size());
        assertTrue(beta.stream().allMatch(e -> e.channel().equals("beta")));
    }

    @Test
    default void fleetShowsTheHealthEachHostReportedAndOnlyWhatItCanRead() throws Exception {
        String at = "2030-01-01T00:00:00Z";
        String[] facts = {
            "{\"health\":\"UP\",\"health.at\":\"" + at + "\"}",
            "{\"health\":\"DOWN\",\"health.failing\":\"db-pool,cache\",\"health.at\":\"" + at + "\"}",
            "{}",
            "{\"health\":\"MAYBE\",\"health.failing\":\"x\"}",
            "{\"health\":\"DOWN\",\"health.failing\":\"" + "f".repeat(600) + "\",\"health.at\":\"yesterday\"}",
            "{\"health\":{\"nested\":true}}",
        };
        List<ClientRecord> clients = new java.util.ArrayList<>();
        for (String f : facts) {
            ClientRecord client = enrollNew("health");
            checkIns().record(new CheckIn(client.id(), 1, List.of(), f, "health"));
            clients.add(client);
        }
        Map<String, FleetEntry> fleet = byId(fleet().list(new FleetQuery(INTERVAL, 3, false, "health", null, 100)));
        FleetEntry up = fleet.get(clients.get(0).id());
        assertEquals("UP", up.health());
        assertEquals(null, up.healthFailing());
        assertEquals(java.time.Instant.parse(at), up.healthAt());
        FleetEntry down = fleet.get(clients.get(1).id());
        assertEquals("DOWN", down.health());
        assertEquals("db-pool,cache", down.healthFailing());
        assertEquals(null, fleet.get(clients.get(2).id()).health(), "no health reported");
        assertEquals(null, fleet.get(clients.get(3).id()).health(), "not a state this server knows");
        assertEquals(null, fleet.get(clients.get(3).id()).healthFailing());
        FleetEntry oversize = fleet.get(clients.get(4).id());
        assertEquals("DOWN", oversize.health());
        assertEquals(512, oversize.healthFailing().length(), "cut to the agent's own bound");
        assertEquals(null, oversize.healthAt(), "a time that does not parse is no time");
        assertEquals(null, fleet.get(clients.get(5).id()).health());
    }
}
