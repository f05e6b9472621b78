package io.patchbay.server.impl.rotation;

import io.patchbay.crypto.api.TlsPins;
import io.patchbay.server.impl.http.HttpsServer;
import io.patchbay.server.impl.http.TlsIdentity;
import io.patchbay.server.impl.release.ServerRepository;
import io.patchbay.server.impl.store.RotationReadiness;
import io.patchbay.server.store.StoreException;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.api.model.TrustedLocation;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moving the server to another public URL. The location clients update from is a field of the signed root, so a
 * move is a root rotation, published at the old location (where clients fetch it) and followed by every client at
 * its next check. Because a client that took the new root can never return to the old address, the order is:
 * <ol>
 *   <li>the new address serves this server (DNS, a proxy, a node); the operator arranges that;</li>
 *   <li>{@link #stage}: this server probes the new address ({@link LocationProbe}: the pinned key, this
 *       repository's root) and publishes root N+1 naming it, with root N's pins;</li>
 *   <li>the old address keeps serving until every live client reported root N+1 ({@link #status});</li>
 *   <li>{@link #finish}: confirms that, after which the old address can be retired.</li>
 * </ol>
 * The move is read back from the roots (the newest root whose location differs from its predecessor's), so no
 * second record can disagree with what clients see; beside them only the time of the last move is kept (by this
 * server's clock, {@code location-move.json}; a move made by hand with the repository tools is dated by its root
 * file). Calls are serialised.
 */
public final class LocationMove {
    private static final Logger LOG = LoggerFactory.getLogger(LocationMove.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MAX_URL_CHARS = 512;

    public enum Phase {
        /** Root names the location it was created with. */
        IDLE,
        /** The newest move is published; live clients have not all followed it: keep the old address serving. */
        MOVING,
        /** Every live client follows the newest move: the old address can be retired. */
        SETTLED
    }

    /**
     * Where a move stands. {@code previousLocation}, {@code movedInRoot} and {@code movedAt} are null when root never
     * moved; {@code pendingClients} counts live clients that still hold an older root.
     */
    public record Status(Phase phase, boolean changed, String location, String previousLocation, long rootVersion,
                         Long movedInRoot, Instant movedAt, long pendingClients, Instant settledBy,
                         List<String> pins) {
    }

    private final ServerRepository repository;
    private final RotationReadiness readiness;
    private final CertificateRotation.TlsSwitch server;
    private final LocationProbe probe;
    private final Clock clock;
    private final Duration liveWindow;
    private final RotationAudit audit;
    private final Path stateFile;

    /** @param liveWindow a client seen within it is live (poll interval × dead-after intervals) */
    public LocationMove(ServerRepository repository, RotationReadiness readiness, CertificateRotation.TlsSwitch server,
            LocationProbe probe, Clock clock, Duration liveWindow, RotationAudit audit, Path stateFile) {
        this.repository = Objects.requireNonNull(repository);
        this.readiness = Objects.requireNonNull(readiness);
        this.server = Objects.requireNonNull(server);
        this.probe = Objects.requireNonNull(probe);
        this.clock = Objects.requireNonNull(clock);
        this.liveWindow = Objects.requireNonNull(liveWindow);
        this.audit = Objects.requireNonNull(audit);
        this.stateFile = Objects.requireNonNull(stateFile);
    }

    public synchronized Status status() throws IOException, StoreException {
        return status(false);
    }

    /**
     * Publishes root N+1 naming {@code publicUrl}. Repeating it for the location root already names changes
     * nothing. Refused, with nothing written, while live clients have not followed the previous move (they would
     * need the address before it), when the new address does not serve this repository with the pinned key
     * (unless {@code force}), or when the root key is not at hand.
     *
     * @param publicUrl the new origin, {@code https://host[:port]}
     * @throws IllegalArgumentException when {@code publicUrl} is not such an origin
     */
    public synchronized Status stage(String by, String publicUrl, boolean force) throws IOException, StoreException {
        URI origin = origin(publicUrl);
        Root current = repository.publishedRoot();
        Optional<TrustedLocation> location = current.location();
        if (location.isPresent() && origin(location.get()).equals(origin.toString())) {
            return status(false);
        }
        Status before = status(false);
        if (before.phase() == Phase.MOVING && !force) {
            throw new RotationRefused(RotationRefused.MOVE_PENDING, before.pendingClients() + " live client(s) still"
                    + " hold a root older than v" + before.movedInRoot() + " and fetch it from " + before.previousLocation()
                    + "; finish that move first (all will have followed by " + before.settledBy() + ") or force");
        }
        List<String> pins = location.map(TrustedLocation::tlsPins).filter(p -> !p.isEmpty())
                .orElse(List.of(TlsPins.PREFIX + server.servingPin()));
        URI repo = URI.create(origin + HttpsServer.REPOSITORY_PATH + "/");
        if (force) {
            LOG.warn("moving the location to {} without probing it (forced by admin token {})", origin, by);
        } else {
            probe.check(repo.resolve("metadata/"), pins, current.version(), repository.publishedRootBytes(current.version()));
        }
        Instant at = clock.instant();
        Root moved = repository.rotateLocation(repo.resolve("metadata/"), repo.resolve("targets/"), pins);
        writeMovedAt(moved.version(), at);
        Status status = status(true);
        audit.record("location", force ? "stage (forced)" : "stage", by, fields(status));
        return status;
    }

    /**
     * Confirms that every live client follows the newest move (unless {@code force}), so the old address can go.
     * Changes no metadata.
     */
    public synchronized Status finish(String by, boolean force) throws IOException, StoreException {
        Status status = status(false);
        if (status.phase() == Phase.IDLE) {
            throw new RotationRefused(RotationRefused.NOT_MOVED, "root v" + status.rootVersion() + " names the"
                    + " location it was created with; there is no move to finish");
        }
        if (status.phase() == Phase.MOVING && !force) {
            throw new RotationRefused(RotationRefused.LOCATION_CLIENTS_PENDING, status.pendingClients() + " live"
                    + " client(s) still hold a root older than v" + status.movedInRoot() + " and need "
                    + status.previousLocation() + "; keep it serving (all will have followed by " + status.settledBy()
                    + ") or force");
        }
        audit.record("location", force ? "finish (forced)" : "finish", by, fields(status));
        return status;
    }

    private Status status(boolean changed) throws IOException, StoreException {
        Root root = repository.publishedRoot();
        Optional<String> is = root.location().map(LocationMove::origin);
        String location = is.orElse(null);
        List<String> pins = root.location().map(TrustedLocation::tlsPins).orElse(List.of());
        for (long version = root.version(); version > 1; version--) {
            Optional<String> was = repository.publishedRoot(version - 1).location().map(LocationMove::origin);
            if (!was.equals(is)) {
                Instant movedAt = movedAt(version);
                long pending = readiness.notReady(movedAt, clock.instant().minus(liveWindow), version);
                return new Status(pending > 0 ? Phase.MOVING : Phase.SETTLED, changed, location, was.orElse(null),
                        root.version(), version, movedAt, pending, movedAt.plus(liveWindow), pins);
            }
            is = was; // each older root is read once
        }
        return new Status(Phase.IDLE, changed, location, null, root.version(), null, null, 0, null, pins);
    }

    private record MovedAt(long rootVersion, String at) {
    }

    private void writeMovedAt(long version, Instant at) throws IOException {
        TlsIdentity.replaceOwnerOnly(stateFile, JSON.writeValueAsBytes(new MovedAt(version, at.toString())));
    }

    /** When the move in root {@code version} was made: as recorded, else (a move by hand) its root file's time. */
    private Instant movedAt(long version) throws IOException {
        if (Files.isRegularFile(stateFile)) {
            try {
                MovedAt recorded = JSON.readValue(Files.readAllBytes(stateFile), MovedAt.class);
                if (recorded.rootVersion() == version) {
                    return Instant.parse(recorded.at());
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("{} is unreadable ({}); dating the move by its root file", stateFile, e.getMessage());
            }
        }
        return repository.publishedAt(version);
    }

    private static Map<String, Object> fields(Status status) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("rootVersion", status.rootVersion());
        fields.put("location", status.location());
        fields.put("previousLocation", status.previousLocation());
        fields.put("pendingClients", status.pendingClients());
        return fields;
    }

    /** {@code https://host[:port]}: the device API and {@code /repo} are served at the origin, so nothing else. */
    static URI origin(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_URL_CHARS) {
            throw new IllegalArgumentException("the public URL must be an https origin of at most " + MAX_URL_CHARS
                    + " characters");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the public URL is not a URL: " + e.getReason());
        }
        String path = url.getRawPath();
        if (!"https".equals(url.getScheme()) || url.getHost() == null || url.getRawUserInfo() != null
                || url.getRawQuery() != null || url.getRawFragment() != null
                || !(path == null || path.isEmpty() || "/".equals(path))) {
            throw new IllegalArgumentException("the public URL must be https://host[:port], without user info, path,"
                    + " query or fragment (clients reach the device API and /repo at that origin)");
        }
        if (url.getPort() == 0 || url.getPort() > 65535) {
            throw new IllegalArgumentException("the public URL's port must be 1..65535");
        }
        return URI.create("https://" + url.getRawAuthority());
    }

    private static String origin(TrustedLocation location) {
        URI metadata = location.metadataUrl();
        return metadata.getScheme() + "://" + metadata.getRawAuthority();
    }
}
