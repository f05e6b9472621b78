package io.patchbay.server.impl.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.PolicySummary;
import io.patchbay.server.store.StoreLimits;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code policy} field of install feedback: the host's policy-engine report, as the agent's
 * {@code PolicyReports} writes it: {@code {targetLevel, deferrals, unanswered, lastChoice, warningsSent, enforced,
 * lastDecision, reason, recheckAt, events:[{at, type, detail}], droppedEvents}}.
 *
 * <p>Checked before it is stored: one JSON object of at most {@link StoreLimits#MAX_POLICY_JSON_CHARS} characters,
 * nested at most {@link StoreLimits#MAX_POLICY_JSON_DEPTH} deep, no NUL; the known fields must have their types
 * (counts non-negative integers, texts strings or null, {@code enforced} a boolean, {@code warningsSent} strings,
 * {@code events} objects of scalars, both at most {@link StoreLimits#MAX_POLICY_EVENTS}). Unknown fields are kept
 * (an agent one version ahead still reports), within the same bounds.
 */
public final class PolicyReportJson {
    private static final String FIELD = "policy";
    private static final List<String> COUNTS = List.of("deferrals", "unanswered", "droppedEvents");
    private static final List<String> TEXTS = List.of("lastChoice", "lastDecision", "reason", "recheckAt");

    private PolicyReportJson() {
    }

    /** @return the text to store (as given), or null for null */
    static String check(String json) throws InvalidInputException {
        if (json == null) {
            return null;
        }
        if (json.length() > StoreLimits.MAX_POLICY_JSON_CHARS) {
            throw new LimitExceededException(FIELD, StoreLimits.MAX_POLICY_JSON_CHARS, json.length(), "characters");
        }
        if (json.indexOf('\0') >= 0) {
            throw new InvalidInputException(FIELD, "must not contain NUL characters");
        }
        JsonNode node;
        try {
            node = Inputs.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(FIELD, "is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(FIELD, "must be a JSON object");
        }
        if (depth(node) > StoreLimits.MAX_POLICY_JSON_DEPTH) {
            throw new InvalidInputException(FIELD, "nests deeper than " + StoreLimits.MAX_POLICY_JSON_DEPTH);
        }
        JsonNode level = node.get("targetLevel");
        if (level != null && !level.isNull() && !level.isTextual() && !level.isIntegralNumber()) {
            throw new InvalidInputException(FIELD, "targetLevel: must be a string or an integer");
        }
        for (String count : COUNTS) {
            JsonNode value = node.get(count);
            if (value != null && !value.isNull() && (!value.canConvertToInt() || !value.isIntegralNumber()
                    || value.intValue() < 0)) {
                throw new InvalidInputException(FIELD, count + ": must be a non-negative integer");
            }
        }
        for (String text : TEXTS) {
            JsonNode value = node.get(text);
            if (value != null && !value.isNull() && !value.isTextual()) {
                throw new InvalidInputException(FIELD, text + ": must be a string");
            }
        }
        JsonNode enforced = node.get("enforced");
        if (enforced != null && !enforced.isNull() && !enforced.isBoolean()) {
            throw new InvalidInputException(FIELD, "enforced: must be true or false");
        }
        checkArray(node.get("warningsSent"), "warningsSent", JsonNode::isTextual, "strings");
        checkArray(node.get("events"), "events", PolicyReportJson::isFlatObject, "objects of scalars");
        return json;
    }

    /** The summary of a stored report; null for null. */
    public static PolicySummary summary(String json) {
        if (json == null) {
            return null;
        }
        JsonNode node;
        try {
            node = Inputs.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored policy report is not JSON", e);
        }
        List<String> warnings = new ArrayList<>();
        node.path("warningsSent").forEach(w -> warnings.add(w.asText()));
        return new PolicySummary(integer(node, "deferrals"), integer(node, "unanswered"), text(node, "lastChoice"),
                warnings, node.path("enforced").isBoolean() ? node.get("enforced").booleanValue() : null,
                text(node, "lastDecision"), text(node, "reason"), text(node, "recheckAt"), node.path("events").size());
    }

    private static void checkArray(JsonNode array, String name, java.util.function.Predicate<JsonNode> element,
            String what) throws InvalidInputException {
        if (array == null || array.isNull()) {
            return;
        }
        if (!array.isArray()) {
            throw new InvalidInputException(FIELD, name + ": must be an array");
        }
        if (array.size() > StoreLimits.MAX_POLICY_EVENTS) {
            throw new LimitExceededException(FIELD + "." + name, StoreLimits.MAX_POLICY_EVENTS, array.size(), "entries");
        }
        for (JsonNode value : array) {
            if (!element.test(value)) {
                throw new InvalidInputException(FIELD, name + ": must hold " + what);
            }
        }
    }

    private static boolean isFlatObject(JsonNode node) {
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            if (it.next().getValue().isContainerNode()) {
                return false;
            }
        }
        return true;
    }

    private static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : node) {
            deepest = Math.max(deepest, depth(child));
        }
        return node.isContainerNode() ? deepest + 1 : 0;
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isIntegralNumber() ? value.intValue() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
