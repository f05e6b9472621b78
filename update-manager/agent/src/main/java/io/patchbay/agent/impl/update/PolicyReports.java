package io.patchbay.agent.impl.update;

import io.patchbay.policy.api.Decision;
import io.patchbay.policy.api.PolicyEvent;
import io.patchbay.policy.api.PolicyReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The policy engine's {@link PolicyReport} as the {@code policy} field of install feedback, bounded so a report
 * stays far below the server's 32 KiB feedback body: the last {@value #MAX_EVENTS} events, details cut at
 * {@value #MAX_DETAIL} characters. Today's server ignores the field (unknown fields are ignored); see the README.
 */
public final class PolicyReports {
    static final int MAX_EVENTS = 16;
    static final int MAX_DETAIL = 200;

    private PolicyReports() {
    }

    public static Map<String, Object> json(PolicyReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("targetLevel", report.targetLevel());
        json.put("deferrals", report.deferrals());
        json.put("unanswered", report.unanswered());
        json.put("lastChoice", report.lastChoice().map(Enum::name).orElse(null));
        json.put("warningsSent", report.warningsSent().stream().map(Object::toString).toList());
        json.put("enforced", report.enforced());
        Decision last = report.lastDecision();
        if (last != null) {
            json.put("lastDecision", last.verdict().name());
            json.put("reason", cut(last.reason()));
            last.recheckAt().ifPresent(at -> json.put("recheckAt", at.toString()));
        }
        List<PolicyEvent> history = report.history();
        List<Map<String, String>> events = new ArrayList<>();
        for (PolicyEvent e : history.subList(Math.max(0, history.size() - MAX_EVENTS), history.size())) {
            events.add(Map.of("at", e.at().toString(), "type", e.type().name(), "detail", cut(e.detail())));
        }
        json.put("events", events);
        json.put("droppedEvents", report.droppedEvents() + Math.max(0, history.size() - MAX_EVENTS));
        return json;
    }

    private static String cut(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL - 6) + " [...]";
    }
}
