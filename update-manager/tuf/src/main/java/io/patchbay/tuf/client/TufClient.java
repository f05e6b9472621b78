package io.patchbay.tuf.client;

import io.patchbay.tuf.api.Fetcher;
import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.MetadataStore;
import io.patchbay.tuf.api.TargetStore;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.Root;
import io.patchbay.tuf.impl.client.ClientSession;
import io.patchbay.tuf.impl.client.ClientUpdater;
import io.patchbay.tuf.impl.client.Limits;
import io.patchbay.tuf.impl.client.LocationPolicy;
import io.patchbay.tuf.impl.client.UpdaterSettings;
import io.patchbay.tuf.impl.http.HttpFetcher;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import io.patchbay.tuf.impl.store.DirectoryTargetStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The entry point: builds a {@link TufUpdater} (the detailed client workflow of the TUF specification,
 * 5.1-5.7) from the implementation, so that the api package itself never names an implementation class.
 *
 * <pre>{@code
 * TufClient.initialize(new DirectoryMetadataStore(dir), rootShippedOutOfBand);   // once ("init")
 * TufUpdater updater = TufClient.builder()
 *         .metadataDir(dataDir.resolve("tuf"))       // holds the trusted root.json
 *         .targetDir(dataDir.resolve("targets"))
 *         .build();                                  // follows x-patchbay-location / TLS pins of root
 * updater.refresh();
 * byte[] verified = updater.fetchTarget("bundles/app-1.2.0.jar");
 * }</pre>
 */
public final class TufClient {

    private TufClient() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Installs a root obtained out of band as the trusted root of an empty store ("init"). The root must be
     * signed by a threshold of its own root keys; its expiry does not matter (the next refresh updates it).
     *
     * @throws IllegalStateException if the store already holds a trusted root
     * @throws io.patchbay.tuf.api.VerificationException if the root is malformed or not self-signed
     */
    public static Root initialize(MetadataStore store, byte[] rootBytes) {
        return ClientSession.initialize(store, rootBytes);
    }

    /** The default fetcher (java.net.http, no redirects, TLS 1.3 with root's pins when pinned), e.g. to wrap it. */
    public static Fetcher httpFetcher(Duration connectTimeout, Duration requestTimeout) {
        return HttpFetcher.builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout).build();
    }

    /** Builds a {@link TufUpdater}; only the metadata store is required. */
    public static final class Builder {
        private MetadataStore metadataStore;
        private TargetStore targetStore;
        private Fetcher fetcher;
        private Clock clock = Clock.systemUTC();
        private LocationPolicy location = LocationPolicy.followRoot();
        private long maxRootBytes = Limits.DEFAULTS.maxRootBytes();
        private long maxTimestampBytes = Limits.DEFAULTS.maxTimestampBytes();
        private long maxSnapshotBytes = Limits.DEFAULTS.maxSnapshotBytes();
        private long maxTargetsBytes = Limits.DEFAULTS.maxTargetsBytes();
        private long maxTargetBytes = Limits.DEFAULTS.maxTargetBytes();
        private int maxRootRotations = Limits.DEFAULTS.maxRootRotations();
        private int maxDelegations = Limits.DEFAULTS.maxDelegations();
        private byte[] bootstrapRoot;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        public Builder metadataStore(MetadataStore store) {
            this.metadataStore = store;
            return this;
        }

        /** A directory store in {@code dir} (unversioned file names: root.json, timestamp.json, ...). */
        public Builder metadataDir(Path dir) {
            return metadataStore(new DirectoryMetadataStore(dir));
        }

        public Builder targetStore(TargetStore store) {
            this.targetStore = store;
            return this;
        }

        /** A directory of verified targets in {@code dir} (file names are the URL-quoted target paths). */
        public Builder targetDir(Path dir) {
            return targetStore(new DirectoryTargetStore(dir));
        }

        /** Default: {@link #httpFetcher} with the {@link #httpTimeouts} (10 s connect, 60 s request). */
        public Builder fetcher(Fetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        /**
         * Timeouts of the default fetcher: connecting, and the whole request including the body (which
         * also ends a slow-retrieval attack). Ignored when {@link #fetcher} is set.
         */
        public Builder httpTimeouts(Duration connect, Duration request) {
            this.connectTimeout = connect;
            this.requestTimeout = request;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Fetch from fixed URLs (plain TUF, e.g. the conformance client) instead of the location root names.
         * TLS then uses the fetcher's normal trust, not root's pins.
         *
         * @param targetsUrl may be null if targets are never downloaded
         */
        public Builder repository(URI metadataUrl, URI targetsUrl) {
            this.location = LocationPolicy.fixed(metadataUrl, targetsUrl);
            return this;
        }

        /**
         * The default: fetch only from root's {@code x-patchbay-location}, with TLS pinned to root's
         * {@code x-patchbay-tls-pins}, following them through root rotations.
         */
        public Builder followTrustedLocation() {
            this.location = LocationPolicy.followRoot();
            return this;
        }

        /** Used as trusted root if the metadata store holds none yet. */
        public Builder bootstrapRoot(byte[] rootBytes) {
            this.bootstrapRoot = rootBytes.clone();
            return this;
        }

        public Builder maxRootRotations(int max) {
            this.maxRootRotations = max;
            return this;
        }

        public Builder maxDelegations(int max) {
            this.maxDelegations = max;
            return this;
        }

        public Builder maxRootBytes(long max) {
            this.maxRootBytes = max;
            return this;
        }

        public Builder maxTimestampBytes(long max) {
            this.maxTimestampBytes = max;
            return this;
        }

        public Builder maxSnapshotBytes(long max) {
            this.maxSnapshotBytes = max;
            return this;
        }

        /** Bound for targets.json and delegated role files whose length snapshot does not list. */
        public Builder maxTargetsBytes(long max) {
            this.maxTargetsBytes = max;
            return this;
        }

        /** The largest target file this client will download. */
        public Builder maxTargetBytes(long max) {
            this.maxTargetBytes = max;
            return this;
        }

        public TufUpdater build() {
            if (metadataStore == null) {
                throw new IllegalStateException("a metadata store (or metadataDir) is required");
            }
            Limits limits = new Limits(maxRootBytes, maxTimestampBytes, maxSnapshotBytes, maxTargetsBytes,
                    maxTargetBytes, maxRootRotations, maxDelegations);
            if (bootstrapRoot != null && metadataStore.load(Metadata.ROOT).isEmpty()) {
                initialize(metadataStore, bootstrapRoot);
            }
            Fetcher effectiveFetcher = fetcher != null ? fetcher
                    : HttpFetcher.builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout).build();
            return new ClientUpdater(new UpdaterSettings(effectiveFetcher, metadataStore, targetStore, clock, location, limits));
        }
    }
}
