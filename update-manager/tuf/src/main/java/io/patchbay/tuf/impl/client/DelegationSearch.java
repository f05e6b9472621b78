package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.DelegationLimitException;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.model.DelegatedRole;
import io.patchbay.tuf.api.model.Delegations;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.api.model.Targets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Spec 5.6.7: a pre-order depth-first search of the delegation tree for the first role that lists a
 * target. Only roles trusted for the path are entered, so a target is found only in a role whose whole
 * delegation chain is trusted for it. A terminating role that matches ends the search below its parent's
 * remaining siblings. A role already visited is not visited twice (cycles and diamonds), and at most
 * {@code maxDelegations} roles are visited.
 */
final class DelegationSearch {

    /** A role to visit and where its keys come from. */
    private record Pending(String roleName, Delegations parentDelegations, DelegatedRole delegation) {
    }

    private final RoleLoader loader;
    private final int maxDelegations;

    DelegationSearch(RoleLoader loader, int maxDelegations) {
        this.loader = loader;
        this.maxDelegations = maxDelegations;
    }

    Optional<TargetFile> find(String targetPath) {
        Deque<Pending> stack = new ArrayDeque<>();
        stack.push(new Pending(Metadata.TARGETS, null, null));
        Set<String> visited = new HashSet<>();
        while (!stack.isEmpty()) {
            Pending next = stack.pop();
            if (visited.contains(next.roleName())) {
                continue;
            }
            if (visited.size() >= maxDelegations) {
                throw new DelegationLimitException("searched " + visited.size() + " targets roles for '" + targetPath
                        + "' without finding it and '" + next.roleName() + "' is still to visit; the limit is "
                        + maxDelegations + " roles per lookup");
            }
            Targets targets = next.delegation() == null
                    ? loader.loadTopLevelTargets()
                    : loader.load(next.roleName(), next.parentDelegations().keysOf(next.delegation()),
                    next.delegation().roleKeys());
            visited.add(next.roleName());
            Optional<TargetFile> found = targets.target(targetPath);
            if (found.isPresent()) {
                return found;
            }
            Optional<Delegations> delegations = targets.delegations();
            if (delegations.isPresent()) {
                pushChildren(stack, delegations.get(), targetPath);
            }
        }
        return Optional.empty();
    }

    /** Children in listed order (pushed reversed so the first is popped first); a matching terminating role cuts the rest. */
    private static void pushChildren(Deque<Pending> stack, Delegations delegations, String targetPath) {
        List<Pending> children = new ArrayList<>();
        for (DelegatedRole role : delegations.roles()) {
            if (!role.isTrustedFor(targetPath)) {
                continue;
            }
            children.add(new Pending(role.name(), delegations, role));
            if (role.terminating()) {
                stack.clear();
                break;
            }
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            stack.push(children.get(i));
        }
    }
}
