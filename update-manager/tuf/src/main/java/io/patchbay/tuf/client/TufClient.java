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
 * TufUpdater updater = TufClient.builder()
 *         .metadataDir(dataDir.resolve("tuf"))       // holds the trusted root.json
 *         .bootstrapRoot(rootShippedOutOfBand)       // "init": used only while the store holds no root
 *         .targetDir(dataDir.resolve("targets"))
 *         .build();                                  // follows x-patchbay-location / TLS pins of root
 * updater.refresh();
 * byte[] verified = updater.fetchTarget("bundles/app-1.2.0.jar");
 * }</pre>
 */
public final class TufClient {

    private TufClient() {
    }

    /**
     * Starts configuring an updater.
     *
     * @return a new builder with the defaults: HTTP fetcher, system UTC clock, locations from root,
     *         the default size limits
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Installs a root obtained out of band as the trusted root of an empty store ("init"). The root must be
     * signed by a threshold of its own root keys; its expiry does not matter (the next refresh updates it).
     *
     * @param store     the empty store to trust the root in (typically a custom {@link MetadataStore};
     *                  {@link Builder#bootstrapRoot} does the same for a {@link Builder#metadataDir})
     * @param rootBytes the root.json file, exactly as shipped
     * @return the root now trusted
     * @throws IllegalStateException if the store already holds a trusted root
     * @throws io.patchbay.tuf.api.VerificationException if the root is malformed or not self-signed
     * @throws io.patchbay.tuf.api.LocalStorageException if the store cannot be read or written
     */
    public static Root initialize(MetadataStore store, byte[] rootBytes) {
        return ClientSession.initialize(store, rootBytes);
    }

    /**
     * The default fetcher (HttpURLConnection, no redirects, no proxy, TLS 1.3 with root's pins when pinned),
     * e.g. to wrap it.
     *
     * @param connectTimeout how long to wait for a connection
     * @param requestTimeout how long a whole request may take, body included (ends slow-retrieval attacks)
     * @return a new fetcher
     */
    public static Fetcher httpFetcher(Duration connectTimeout, Duration requestTimeout) {
        return HttpFetcher.builder().connectTimeout(connectTimeout).requestTimeout(requestTimeout).build();
    }

    /**
     * Builds a {@link TufUpdater}; only the metadata store is required. Not thread-safe: configure it on one
     * thread, then share what {@link #build()} returns. Limits are checked by {@link #build()}.
     */
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

        /**
         * Where the trusted metadata is kept.
         *
         * @param store a store of the client's own (a database, say)
         * @return this builder
         */
        public Builder metadataStore(MetadataStore store) {
            this.metadataStore = store;
            return this;
        }

        /**
         * Keeps the trusted metadata as files.
         *
         * @param dir the directory (unversioned file names: root.json, timestamp.json, ...)
         * @return this builder
         */
        public Builder metadataDir(Path dir) {
            return metadataStore(new DirectoryMetadataStore(dir));
        }

        /**
         * Where verified targets (and interrupted downloads) are kept. Without a target store every
         * target is downloaded whole each time.
         *
         * @param store a store of the client's own, or null for none
         * @return this builder
         */
        public Builder targetStore(TargetStore store) {
            this.targetStore = store;
            return this;
        }

        /**
         * Keeps verified targets as files, and resumes interrupted downloads.
         *
         * @param dir the directory (file names are the URL-quoted target paths)
         * @return this builder
         */
        public Builder targetDir(Path dir) {
            return targetStore(new DirectoryTargetStore(dir));
        }

        /**
         * How files are fetched. Default: {@link #httpFetcher} with the {@link #httpTimeouts} (10 s connect,
         * 60 s request).
         *
         * @param fetcher a fetcher that honours {@link io.patchbay.tuf.api.FetchRequest}'s bound and pins,
         *                or null for the default
         * @return this builder
         */
        public Builder fetcher(Fetcher fetcher) {
            this.fetcher = fetcher;
            return this;
        }

        /**
         * Timeouts of the default fetcher: connecting, and the whole request including the body (which
         * also ends a slow-retrieval attack). Ignored when {@link #fetcher} is set.
         *
         * @param connect how long to wait for a connection
         * @param request how long a whole request may take
         * @return this builder
         */
        public Builder httpTimeouts(Duration connect, Duration request) {
            this.connectTimeout = connect;
            this.requestTimeout = request;
            return this;
        }

        /**
         * The time metadata expiry is checked against. Default: the system UTC clock.
         *
         * @param clock a clock; tests inject a fixed one
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /**
         * Fetch from fixed URLs (plain TUF, e.g. the conformance client) instead of the location root names.
         * TLS then uses the fetcher's normal trust, not root's pins.
         *
         * @param metadataUrl the absolute base URL of the metadata files
         * @param targetsUrl may be null if targets are never downloaded
         * @return this builder
         * @throws IllegalArgumentException if a URL is not absolute
         */
        public Builder repository(URI metadataUrl, URI targetsUrl) {
            this.location = LocationPolicy.fixed(metadataUrl, targetsUrl);
            return this;
        }

        /**
         * The default: fetch only from root's {@code x-patchbay-location}, with TLS pinned to root's
         * {@code x-patchbay-tls-pins}, following them through root rotations.
         *
         * @return this builder
         */
        public Builder followTrustedLocation() {
            this.location = LocationPolicy.followRoot();
            return this;
        }

        /**
         * A root shipped out of band, installed by {@link #build()} as with {@link TufClient#initialize}
         * if the metadata store holds none yet; ignored once it holds one.
         *
         * @param rootBytes the root.json file, exactly as shipped; copied
         * @return this builder
         */
        public Builder bootstrapRoot(byte[] rootBytes) {
            this.bootstrapRoot = rootBytes.clone();
            return this;
        }

        /**
         * The most new root versions one refresh accepts, against an endless stream of roots.
         *
         * @param max at least 1; default 32
         * @return this builder
         */
        public Builder maxRootRotations(int max) {
            this.maxRootRotations = max;
            return this;
        }

        /**
         * The most delegated roles one target search visits.
         *
         * @param max at least 1; default 32
         * @return this builder
         */
        public Builder maxDelegations(int max) {
            this.maxDelegations = max;
            return this;
        }

        /**
         * The bound on a root.json download (its length is listed nowhere).
         *
         * @param max bytes, at least 1; default 512,000
         * @return this builder
         */
        public Builder maxRootBytes(long max) {
            this.maxRootBytes = max;
            return this;
        }

        /**
         * The bound on a timestamp.json download (its length is listed nowhere).
         *
         * @param max bytes, at least 1; default 16,384
         * @return this builder
         */
        public Builder maxTimestampBytes(long max) {
            this.maxTimestampBytes = max;
            return this;
        }

        /**
         * The bound on a snapshot.json download when timestamp does not list its length.
         *
         * @param max bytes, at least 1; default 2,000,000
         * @return this builder
         */
        public Builder maxSnapshotBytes(long max) {
            this.maxSnapshotBytes = max;
            return this;
        }

        /**
         * Bound for targets.json and delegated role files whose length snapshot does not list.
         *
         * @param max bytes, at least 1; default 5,000,000
         * @return this builder
         */
        public Builder maxTargetsBytes(long max) {
            this.maxTargetsBytes = max;
            return this;
        }

        /**
         * The largest target file this client will download; targets are verified in memory.
         *
         * @param max bytes, at least 1 and below 2 GiB; default 512 MiB
         * @return this builder
         */
        public Builder maxTargetBytes(long max) {
            this.maxTargetBytes = max;
            return this;
        }

        /**
         * Builds the updater, first installing the {@link #bootstrapRoot} if the store holds no root.
         * Nothing is fetched yet: the first {@link TufUpdater#refresh()} does that.
         *
         * @return a new, thread-safe updater
         * @throws IllegalStateException    if no metadata store was set
         * @throws IllegalArgumentException if a limit is not positive, or {@code maxTargetBytes} is 2 GiB or more
         * @throws io.patchbay.tuf.api.VerificationException if the bootstrap root is malformed or not self-signed
         */
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
