package io.patchbay.operator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** How {@code patchbay fleet} words a host's health (no server needed). */
class ListingCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void healthIsUpDownWithTheFailingChecksOrADash() throws Exception {
        assertEquals("-", ListingCommands.health(JSON.readTree("{\"health\":null}")), "no health reported");
        assertEquals("-", ListingCommands.health(JSON.readTree("{}")));
        assertEquals("UP", ListingCommands.health(JSON.readTree("{\"health\":\"UP\"}")));
        assertEquals("DOWN (db-pool)", ListingCommands.health(JSON.readTree(
                "{\"health\":\"DOWN\",\"healthFailing\":\"db-pool\"}")));
    }
}
