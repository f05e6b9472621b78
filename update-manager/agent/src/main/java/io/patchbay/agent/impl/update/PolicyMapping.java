package io.patchbay.agent.impl.update;

import com.fasterxml.jackson.databind.JsonNode;
import io.patchbay.agent.impl.update.DeploymentParser.MalformedDeploymentException;
import io.patchbay.policy.api.ActionType;
import io.patchbay.policy.api.Deadline;
import io.patchbay.policy.api.MaintenanceWindow;
import io.patchbay.policy.api.OnExpiry;
import io.patchbay.policy.api.PendingUpdate;
import io.patchbay.policy.api.UpdateAction;
import io.patchbay.policy.api.UpdatePolicy;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The server's policy fields → the policy module's values: {@code actionType} + {@code forcedAt} →
 * {@link UpdateAction}; {@code policy{name, deadline, deadlineAction, features}} → {@link UpdatePolicy} with a
 * {@link Deadline}; {@code maintenanceWindow{days, start, durationMinutes, zone}} → a weekly
 * {@link MaintenanceWindow} (days default to every day, zone to UTC). Anything the policy module refuses is a
 * {@link MalformedDeploymentException}: reported, never applied.
 */
public final class PolicyMapping {
    /** The server sends no warning leads; the host is warned a day and an hour ahead. */
    static final List<Duration> DEADLINE_WARNINGS = List.of(Duration.ofDays(1), Duration.ofHours(1));

    private PolicyMapping() {
    }

    public static PendingUpdate pendingUpdate(Deployment d) {
        try {
            List<MaintenanceWindow> windows = d.maintenanceWindow() == null ? List.of()
                    : List.of(window(d.maintenanceWindow()));
            return new PendingUpdate(d.releaseId(), policy(d.policy()), action(d), windows);
        } catch (IllegalArgumentException | DateTimeException | NullPointerException e) {
            if (e instanceof MalformedDeploymentException m) {
                throw m;
            }
            throw new MalformedDeploymentException(d.id(), d.level(), "deployment " + d.id() + ": " + e.getMessage());
        }
    }

    static UpdateAction action(Deployment d) {
        ActionType type = ActionType.valueOf(d.actionType());
        Instant forcedAt = d.forcedAt() == null ? null : Instant.parse(d.forcedAt());
        return new UpdateAction(type, forcedAt);
    }

    static UpdatePolicy policy(Deployment.Policy p) {
        UpdatePolicy.Kind kind = UpdatePolicy.Kind.valueOf(p.name());
        boolean deadlineFields = p.deadline() != null || p.deadlineAction() != null || !p.features().isEmpty();
        if (kind != UpdatePolicy.Kind.DEADLINE) {
            if (deadlineFields) {
                throw new IllegalArgumentException("deadline fields belong to the DEADLINE policy only");
            }
            return switch (kind) {
                case NOW -> UpdatePolicy.now();
                case WHEN_IDLE -> UpdatePolicy.whenIdle();
                case AFTER_COMMIT -> UpdatePolicy.afterCommit();
                default -> UpdatePolicy.askUser();
            };
        }
        if (p.deadline() == null || p.deadlineAction() == null) {
            throw new IllegalArgumentException("a DEADLINE policy needs deadline and deadlineAction");
        }
        OnExpiry.Kind onExpiry = OnExpiry.Kind.valueOf(p.deadlineAction());
        OnExpiry expiry = new OnExpiry(onExpiry, new LinkedHashSet<>(p.features()));
        return UpdatePolicy.deadline(new Deadline(Instant.parse(p.deadline()), DEADLINE_WARNINGS, expiry));
    }

    /** {@code {"days":["SAT"], "start":"02:00", "durationMinutes":120, "zone":"UTC"}}. */
    static MaintenanceWindow window(JsonNode w) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        JsonNode dayNodes = w.path("days");
        if (dayNodes.isMissingNode() || dayNodes.isNull()) {
            days = EnumSet.allOf(DayOfWeek.class);
        } else if (!dayNodes.isArray() || dayNodes.size() > 7) {
            throw new IllegalArgumentException("maintenanceWindow.days: not an array of days");
        } else {
            for (JsonNode day : dayNodes) {
                days.add(day(day.asText("")));
            }
        }
        if (!w.path("start").isTextual() || !w.path("durationMinutes").isIntegralNumber()) {
            throw new IllegalArgumentException("maintenanceWindow needs start (HH:mm) and durationMinutes");
        }
        LocalTime start = LocalTime.parse(w.path("start").asText());
        Duration duration = Duration.ofMinutes(w.path("durationMinutes").asLong());
        ZoneId zone = w.path("zone").isTextual() ? ZoneId.of(w.path("zone").asText()) : ZoneOffset.UTC;
        return new MaintenanceWindow(days, start, duration, zone);
    }

    private static DayOfWeek day(String text) {
        String upper = text.toUpperCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().equals(upper) || (upper.length() == 3 && day.name().startsWith(upper))) {
                return day;
            }
        }
        throw new IllegalArgumentException("maintenanceWindow.days: not a day of the week: \"" + text + "\"");
    }
}
