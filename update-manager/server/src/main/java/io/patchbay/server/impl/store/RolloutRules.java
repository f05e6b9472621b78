package io.patchbay.server.impl.store;

import io.patchbay.server.impl.store.RolloutRecords.ErrorKind;
import io.patchbay.server.impl.store.RolloutRecords.GroupSpec;
import io.patchbay.server.impl.store.RolloutRecords.Spec;
import io.patchbay.server.store.InvalidInputException;
import io.patchbay.server.store.LimitExceededException;
import io.patchbay.server.store.StoreLimits;
import io.patchbay.server.store.UpdatePolicy;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * The shape of a rollout, checked before any SQL runs. Percentages are cumulative and must rise strictly from one
 * PERCENT group to the next; explicit groups name each client once across the whole rollout.
 */
public final class RolloutRules {
    public static final int MAX_GROUPS = 100;
    /** Clients one explicit group names (as an explicit deployment), and all explicit groups together. */
    public static final int MAX_GROUP_CLIENTS = StoreLimits.MAX_DEPLOYMENT_CLIENTS;
    public static final int MAX_EXPLICIT_CLIENTS = 10_000;
    /** Clients one PERCENT group may select when it starts; a larger group halts the rollout instead. */
    public static final int MAX_SELECTED = 100_000;
    public static final int MAX_NAME_CHARS = 64;
    public static final Duration MAX_SOAK = Duration.ofDays(7);

    private RolloutRules() {
    }

    public static void check(Spec spec) throws InvalidInputException {
        Inputs.name("name", spec.name(), MAX_NAME_CHARS);
        Inputs.name("releaseId", spec.releaseId(), StoreLimits.MAX_RELEASE_ID_CHARS);
        Inputs.channel(spec.channel());
        if (spec.groups().isEmpty()) {
            throw new InvalidInputException("groups", "name at least one group");
        }
        if (spec.groups().size() > MAX_GROUPS) {
            throw new LimitExceededException("groups", MAX_GROUPS, spec.groups().size(), "groups");
        }
        int lastPercent = 0;
        int explicit = 0;
        Set<String> named = new HashSet<>();
        for (GroupSpec group : spec.groups()) {
            if (group == null || (group.percent() == null) == (group.clientIds() == null)) {
                throw new InvalidInputException("groups[]", "each group has either a percent or clientIds");
            }
            if (group.percent() != null) {
                int percent = group.percent();
                if (percent < 1 || percent > 100 || percent <= lastPercent) {
                    throw new InvalidInputException("groups[].percent", "percentages are cumulative: each must be"
                            + " 1..100 and above the previous one (" + lastPercent + "), got " + percent);
                }
                lastPercent = percent;
                continue;
            }
            if (group.clientIds().isEmpty()) {
                throw new InvalidInputException("groups[].clientIds", "an explicit group names at least one client");
            }
            if (group.clientIds().size() > MAX_GROUP_CLIENTS) {
                throw new LimitExceededException("groups[].clientIds", MAX_GROUP_CLIENTS, group.clientIds().size(),
                        "clients");
            }
            explicit += group.clientIds().size();
            if (explicit > MAX_EXPLICIT_CLIENTS) {
                throw new LimitExceededException("groups[].clientIds", MAX_EXPLICIT_CLIENTS, explicit,
                        "clients in all groups");
            }
            for (String id : group.clientIds()) {
                Inputs.name("groups[].clientIds[]", id, 36);
                if (!named.add(id)) {
                    throw new InvalidInputException("groups[].clientIds", "names client '" + id + "' twice");
                }
            }
        }
        if (spec.successThreshold() < 1 || spec.successThreshold() > 100) {
            throw new InvalidInputException("successThreshold", "must be a percent of the group, 1..100");
        }
        if (spec.errorKind() == null) {
            throw new InvalidInputException("errorThreshold", "give a count or a percent");
        }
        int maxError = spec.errorKind() == ErrorKind.PERCENT ? 100 : MAX_EXPLICIT_CLIENTS * 10;
        if (spec.errorThreshold() < 1 || spec.errorThreshold() > maxError) {
            throw new InvalidInputException("errorThreshold", "must be 1.." + maxError
                    + (spec.errorKind() == ErrorKind.PERCENT ? " percent" : " failures"));
        }
        if (spec.soak() == null || spec.soak().isNegative() || spec.soak().compareTo(MAX_SOAK) > 0) {
            throw new InvalidInputException("soakSeconds", "must be 0.." + MAX_SOAK.toSeconds());
        }
        if (spec.actionType() == null) {
            throw new InvalidInputException("actionType", "is missing (FORCED, SOFT or DOWNLOAD_ONLY)");
        }
        if (spec.actionType() == io.patchbay.server.store.ActionType.TIME_FORCED) {
            throw new InvalidInputException("actionType", "TIME_FORCED needs a fixed time, which a group starting"
                    + " whenever the previous one succeeded cannot have; use FORCED or SOFT");
        }
        if (spec.policy() == null || spec.policy() == UpdatePolicy.DEADLINE) {
            throw new InvalidInputException("policy", "must be NOW, WHEN_IDLE, AFTER_COMMIT or ASK_USER (a fixed"
                    + " DEADLINE does not fit groups that start at unknown times)");
        }
    }
}
