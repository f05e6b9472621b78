package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.DelegatedRole;
import io.patchbay.tuf.api.model.Delegations;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Targets;
import java.lang.reflect.Field;

/**
 * Reads the verified-role cache of a live {@link TufUpdater} (a test-only peek by reflection, so no API
 * is widened) to prove that a scenario really starts with the role in the cache, i.e. that the refusal
 * that follows is not just the cold path.
 */
final class CacheProbe {

    private CacheProbe() {
    }

    static VerifiedRoles verifiedRolesOf(TufUpdater updater) {
        Object session = fieldOfType(updater, ClientSession.class);
        return (VerifiedRoles) fieldOfType(session, VerifiedRoles.class);
    }

    /** Whether {@code cache} holds exactly {@code roleBytes} under the keys its delegator ({@code delegatorBytes}) delegates with. */
    static boolean holdsDelegated(VerifiedRoles cache, String roleName, byte[] roleBytes, byte[] delegatorBytes) {
        Delegations delegations = Targets.of(Metadata.parse(delegatorBytes)).delegations().orElseThrow();
        DelegatedRole role = delegations.roles().stream().filter(r -> r.name().equals(roleName)).findFirst()
                .orElseThrow();
        return cache.lookup(roleName, roleBytes, delegations.keysOf(role), role.roleKeys()) != null;
    }

    /** Whether {@code cache} holds exactly {@code targetsBytes} under the targets keys of {@code rootBytes}. */
    static boolean holdsTopLevel(VerifiedRoles cache, byte[] targetsBytes, byte[] rootBytes) {
        Root root = Root.of(Metadata.parse(rootBytes));
        return cache.lookup(Metadata.TARGETS, targetsBytes, root.keysOf(Metadata.TARGETS),
                root.role(Metadata.TARGETS)) != null;
    }

    private static Object fieldOfType(Object owner, Class<?> type) {
        for (Field field : owner.getClass().getDeclaredFields()) {
            if (field.getType() == type) {
                try {
                    field.setAccessible(true);
                    return field.get(owner);
                } catch (IllegalAccessException e) {
                    throw new AssertionError(e);
                }
            }
        }
        throw new AssertionError(owner.getClass() + " has no field of type " + type);
    }
}
