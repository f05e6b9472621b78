package io.patchbay.server.impl.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.CheckIn;
import io.patchbay.server.store.ClientRecord;
import io.patchbay.server.store.ClientState;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.ReportedBundle;
import io.patchbay.server.store.UnknownClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Check-ins replace the last state, within bounds, and a refused one writes nothing. */
interface CheckInsContract extends StoreFixture {
    List<ReportedBundle> BUNDLES = List.of(new ReportedBundle("com.example.greeter", "1.0.1"),
            new ReportedBundle("io.patchbay.agent", "0.1.0.SNAPSHOT"));

    @Test
    default void checkInsReplaceTheLastState() throws Exception {
        ClientRecord client = enrollNew("beta");
        ClientState fresh = checkIns().find(client.id()).orElseThrow();
        assertNull(fresh.lastSeen());
        assertEquals(0, fresh.checkIns());

        checkIns().record(new CheckIn(client.id(), 4, BUNDLES, "{\"os\":\"linux\",\"cpus\":2}", "beta"));
        clock().advance(Duration.ofMinutes(5));
        checkIns().record(new CheckIn(client.id(), 5, BUNDLES.subList(0, 1), "{\"os\":\"linux\"}", "stable"));

        ClientState state = checkIns().find(client.id()).orElseThrow();
        assertEquals(clock().instant(), state.lastSeen());
        assertEquals(5, state.patchSequence());
        assertEquals(BUNDLES.subList(0, 1), state.bundles());
        assertEquals("{\"os\":\"linux\"}", state.factsJson());
        assertEquals("stable", state.reportedChannel());
        assertEquals(2, state.checkIns());
        assertEquals(1, count("client_state"));
    }

    @Test
    default void checkInsKeepSqlMetacharactersAsData() throws Exception {
        ClientRecord client = enrollNew("beta");
        String facts = "{\"note\":\"'; DROP TABLE clients; -- \\\" \\\\ %_ \\u0000 \u00e9\u20ac\"}";
        checkIns().record(new CheckIn(client.id(), 1, BUNDLES, facts, "beta"));
        assertEquals(facts, checkIns().find(client.id()).orElseThrow().factsJson());
        assertEquals(1, count("clients"));
    }

    @Test
    default void checkInsOversizedFactsAreRefusedAndNothingIsWritten() throws Exception {
        ClientRecord client = enrollNew("beta");
        checkIns().record(new CheckIn(client.id(), 1, BUNDLES, "{}", "beta"));
        String big = "{\"x\":\"" + "a".repeat(16_384) + "\"}";
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> checkIns().record(new CheckIn(client.id(), 2, BUNDLES, big, "beta")));
        assertTrue(e.getMessage().contains("16384"), e.getMessage());
        // Multi-byte characters: under the limit in chars, over it in UTF-8 bytes.
        String euros = "{\"x\":\"" + "\u20ac".repeat(6_000) + "\"}";
        assertThrows(LimitExceededException.class,
                () -> checkIns().record(new CheckIn(client.id(), 2, BUNDLES, euros, "beta")));
        ClientState state = checkIns().find(client.id()).orElseThrow();
        assertEquals(1, state.patchSequence());
        assertEquals(1, state.checkIns());
    }

    @Test
    default void checkInsBundleListIsBounded() throws Exception {
        ClientRecord client = enrollNew("beta");
        List<ReportedBundle> many = new ArrayList<>();
        for (int i = 0; i <= 512; i++) {
            many.add(new ReportedBundle("b" + i, "1.0.0"));
        }
        LimitExceededException e = assertThrows(LimitExceededException.class,
                () -> checkIns().record(new CheckIn(client.id(), 1, many, "{}", "beta")));
        assertEquals(512, e.limit());
        checkIns().record(new CheckIn(client.id(), 1, many.subList(0, 512), "{}", "beta"));
        assertEquals(512, checkIns().find(client.id()).orElseThrow().bundles().size());
        assertThrows(LimitExceededException.class, () -> checkIns().record(new CheckIn(client.id(), 1,
                List.of(new ReportedBundle("n".repeat(256), "1")), "{}", "beta")));
        assertThrows(InvalidInputException.class, () -> checkIns().record(new CheckIn(client.id(), 1,
                List.of(new ReportedBundle("a'b", "1")), "{}", "beta")));
    }

    @Test
    default void checkInsMalformedInputIsRefused() throws Exception {
        ClientRecord client = enrollNew("beta");
        for (String facts : new String[] {"[]", "\"x\"", "{", "{} {}", "{\"a\":NaN}", "{\"a\":" + "[".repeat(40)
                + "]".repeat(40) + "}"}) {
            assertThrows(InvalidInputException.class,
                    () -> checkIns().record(new CheckIn(client.id(), 1, BUNDLES, facts, "beta")), facts);
        }
        assertThrows(InvalidInputException.class,
                () -> checkIns().record(new CheckIn(client.id(), -1, BUNDLES, "{}", "beta")));
        assertThrows(LimitExceededException.class,
                () -> checkIns().record(new CheckIn(client.id(), 1, BUNDLES, "{}", "c".repeat(65))));
        assertEquals(0, checkIns().find(client.id()).orElseThrow().checkIns());
    }

    @Test
    default void checkInsOfUnknownClientAreRefused() {
        assertThrows(UnknownClientException.class,
                () -> checkIns().record(new CheckIn("ghost", 1, BUNDLES, "{}", "beta")));
    }
}
