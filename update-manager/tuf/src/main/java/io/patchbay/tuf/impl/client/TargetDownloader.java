package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.api.DownloadException;
import io.patchbay.tuf.api.FetchRequest;
import io.patchbay.tuf.api.LengthExceededException;
import io.patchbay.tuf.api.PartialDownload;
import io.patchbay.tuf.api.VerificationException;
import io.patchbay.tuf.api.model.TargetFile;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spec 5.7: download a target, bounded by its trusted length, and accept it only if every listed hash matches.
 *
 * <p>Downloads resume: the bytes of an interrupted download stay in the target store ({@link PartialDownload})
 * and the next download asks only for the rest, with the entity tag they came with, so a server whose file
 * changed sends the whole new one. The kept bytes are never trusted: the complete file is checked exactly like
 * a whole download, and on any mismatch they are discarded and the download fails (the next one starts over).
 */
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
        FetchRequest request = endpoint.target(RemoteNames.targetPath(target, consistentSnapshot), target.length());
        try (PartialDownload partial = partialOf(target)) {
            byte[] data = keptAndVerified(partial, target);
            if (data == null) {
                fetchRest(request, partial, target);
                data = partial.read();
                try {
                    verify(target, data);
                } catch (VerificationException e) {
                    partial.discard();
                    throw e;
                }
            }
            if (settings.targetStore() != null) {
                settings.targetStore().store(target, data);
            }
            partial.discard();
            return data;
        }
    }

    private PartialDownload partialOf(TargetFile target) {
        Optional<PartialDownload> kept = settings.targetStore() == null
                ? Optional.empty() : settings.targetStore().partial(target);
        return kept.orElseGet(() -> new MemoryPartial(target.length()));
    }

    /**
     * The kept bytes if they already are the whole, verified target (a crash came between the last byte and the
     * check), else null. Kept bytes that cannot be resumed are discarded here: more than the target's length
     * (another version, or forged), whole but not matching (another version), or without an entity tag to ask
     * the server whether its file is still the same.
     */
    private static byte[] keptAndVerified(PartialDownload partial, TargetFile target) {
        long held = partial.length();
        if (held > target.length() || (held > 0 && partial.etag() == null)) {
            Log.LOG.info("discarding {} kept bytes of {}: {}", held, target.path(), held > target.length()
                    ? "more than its trusted length " + target.length() : "no entity tag to resume with");
            partial.discard();
            return null;
        }
        if (held < target.length()) {
            return null;
        }
        byte[] data = partial.read();
        try {
            verify(target, data);
            return data;
        } catch (VerificationException e) {
            Log.LOG.info("discarding the kept bytes of {}: {}", target.path(), e.getMessage());
            partial.discard();
            return null;
        }
    }

    /**
     * Fetches what is missing; a broken transfer keeps what arrived, a wrong or too long answer keeps nothing. An
     * answer that ends cleanly is the server's whole file, however long: the length check decides, as always.
     */
    private void fetchRest(FetchRequest request, PartialDownload partial, TargetFile target) {
        long held = partial.length();
        String ifRange = held > 0 ? partial.etag() : null;
        ResumeSink sink = new ResumeSink(partial, request.uri(), held, ifRange, target.length());
        try {
            settings.fetcher().fetchRange(request, held, ifRange, sink);
        } catch (DownloadException e) {
            // A wrong answer to the range (206, 416) means starting over. Otherwise (a broken transfer, a 503) the
            // bytes stay for a resume, but only with a tag to send back: without one they could never be resumed.
            if (e.httpStatus() == 206 || e.httpStatus() == 416 || partial.etag() == null) {
                partial.discard();
            }
            throw e;
        } catch (RuntimeException e) {
            partial.discard();
            throw e;
        }
        if (!sink.started()) {
            partial.discard();
            throw new DownloadException("the fetcher returned no answer for " + request.uri());
        }
    }

    private static void verify(TargetFile target, byte[] data) {
        Hashes.verify(data, OptionalLong.of(target.length()), target.hashes(), "target '" + target.path() + "'");
    }
}
