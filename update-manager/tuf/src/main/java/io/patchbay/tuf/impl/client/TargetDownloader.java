package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.VerificationException;
import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Spec 5.7: download a target, bounded by its trusted length, and accept it only if every listed hash matches. */
final class TargetDownloader {

    /** The logger, created on first use: a call with nothing to report starts no logging framework. */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(TargetDownloader.class);
    }

    private final UpdaterSettings settings;

    TargetDownloader(UpdaterSettings settings) {
        this.settings = settings;
    }

    /** The stored copy, if there is one and it still matches the trusted length and hashes. */
    Optional<byte[]> cached(TargetFile target) {
        if (settings.targetStore() == null) {
            return Optional.empty();
        }
        Optional<byte[]> stored = settings.targetStore().load(target);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            verify(target, stored.get());
            return stored;
        } catch (VerificationException e) {
            Log.LOG.debug("stored copy of {} is stale or damaged: {}", target.path(), e.getMessage());
            return Optional.empty();
        }
    }

    byte[] download(TargetFile target, Endpoint endpoint, boolean consistentSnapshot) {
        if (target.length() > settings.limits().maxTargetBytes()) {
            throw new LengthExceededException("target '" + target.path() + "' is " + target.length()
                    + " bytes, more than the configured maximum of " + settings.limits().maxTargetBytes());
        }
        String path = RemoteNames.targetPath(target, consistentSnapshot);
        byte[] data = BoundedFetch.fetch(settings.fetcher(), endpoint.target(path, target.length()));
        verify(target, data);
        if (settings.targetStore() != null) {
            settings.targetStore().store(target, data);
        }
        return data;
    }

    private static void verify(TargetFile target, byte[] data) {
        Hashes.verify(data, OptionalLong.of(target.length()), target.hashes(), "target '" + target.path() + "'");
    }
}
