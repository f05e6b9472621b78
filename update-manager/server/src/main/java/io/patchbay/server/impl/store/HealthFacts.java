package io.patchbay.server.impl.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The health a host reported in its last check-in's facts ({@code health}, {@code health.failing}, {@code health.at},
 * as the agent sends them), read for display. Facts are the host's words: only {@code UP} and {@code DOWN} are taken
 * as a state, the failing names are cut to the agent's own bound, and a time that does not parse is no time.
 */
record HealthFacts(String state, String failing, Instant at) {
    static final int MAX_FAILING_CHARS = 512;
    private static final HealthFacts NONE = new HealthFacts(null, null, null);

    static HealthFacts of(String factsJson) {
        if (factsJson == null) {
            return NONE;
        }
        JsonNode facts;
        try {
            facts = Inputs.JSON.readTree(factsJson);
        } catch (IOException e) {
            return NONE; // stored facts were checked at check-in; unreadable ones say nothing about health
        }
        if (facts == null || !facts.isObject()) {
            return NONE;
        }
        String state = facts.path("health").asText(null);
        if (!"UP".equals(state) && !"DOWN".equals(state)) {
            return NONE;
        }
        String failing = facts.path("health.failing").isTextual() ? facts.get("health.failing").asText() : null;
        if (failing != null && failing.isEmpty()) {
            failing = null;
        } else if (failing != null && failing.length() > MAX_FAILING_CHARS) {
            failing = failing.substring(0, MAX_FAILING_CHARS);
        }
        Instant at = null;
        if (facts.path("health.at").isTextual()) {
            try {
                at = Instant.parse(facts.get("health.at").asText());
            } catch (DateTimeParseException e) {
                at = null;
            }
        }
        return new HealthFacts(state, failing, at);
    }
}
