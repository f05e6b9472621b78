package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.VerificationException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.model.MetaFile;
import io.patchbay.tuf.api.model.RoleKeys;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.Targets;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a targets role (5.6): the local copy if it is exactly the version snapshot names and verifies,
 * otherwise a download bounded by snapshot's length (or the targets limit), then persists it.
 */
final class RoleLoader {

    /** The logger, created on first use: a call with nothing to report starts no logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(RoleLoader.class);
    }

    private final UpdaterSettings settings;
    private final TrustedMetadataSet trusted;
    private final Endpoint endpoint;

    RoleLoader(UpdaterSettings settings, TrustedMetadataSet trusted, Endpoint endpoint) {
        this.settings = settings;
        this.trusted = trusted;
        this.endpoint = endpoint;
    }

    Targets loadTopLevelTargets() {
        Root root = trusted.root();
        return load(Metadata.TARGETS, root.keysOf(Metadata.TARGETS), root.role(Metadata.TARGETS));
    }

    /** @param keys the keys the delegator lists; {@code roleKeys} its key ids and threshold for the role */
    Targets load(String roleName, Map<String, TufKey> keys, RoleKeys roleKeys) {
        // Only a verification under these very keys counts: the same role reached through another
        // delegator (a diamond) is checked again against that delegator's keys.
        Optional<Targets> already = trusted.targets(roleName, keys, roleKeys);
        if (already.isPresent()) {
            return already.get();
        }
        Optional<byte[]> local = settings.metadataStore().load(roleName);
        if (local.isPresent()) {
            try {
                return trusted.updateTargets(roleName, keys, roleKeys, local.get(), true);
            } catch (VerificationException e) {
                Log.LOG.debug("local {}.json not usable: {}", roleName, e.getMessage());
            }
        }
        MetaFile meta = trusted.snapshotMetaFor(roleName);
        long version = trusted.root().consistentSnapshot() ? meta.version() : 0;
        long max = meta.length().orElse(settings.limits().maxTargetsBytes());
        byte[] data = BoundedFetch.fetch(settings.fetcher(),
                endpoint.metadata(RemoteNames.metadataFile(roleName, version), max));
        Targets targets = trusted.updateTargets(roleName, keys, roleKeys, data, false);
        settings.metadataStore().store(roleName, data);
        return targets;
    }
}
