package io.patchbay.server.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A server extension, listed in {@code META-INF/services/io.patchbay.server.spi.ServerExtension} of its jar.
 * At server start, for each extension in turn: its migrations run (history table {@code <id>_schema_history},
 * scripts under {@code <migrationLocation>/common} plus {@code <migrationLocation>/h2} or
 * {@code <migrationLocation>/postgresql} when present), then {@link #start} registers its routes. A failure in
 * either stops the server from starting (fail closed: no half-registered extension). {@link #close} runs when
 * the server stops, before the database pool closes.
 */
@ConsumerType
public interface ServerExtension extends AutoCloseable {

    /**
     * A short stable name, {@code [a-z][a-z0-9]{1,15}}: it names the history table, the private directory and
     * the device path prefix ({@code /<id>/...}). Never change it once deployed.
     *
     * @return the id
     */
    String id();

    /**
     * Where the extension's schema migrations live.
     *
     * @return the classpath folder holding {@code common/} (and optional vendor) Flyway scripts, e.g.
     *         {@code db/license}
     */
    String migrationLocation();

    /**
     * Registers the extension's routes; the schema is migrated already.
     *
     * @param context what the server lends the extension; keep it for the handlers
     * @param routes  where to register the routes
     * @throws Exception to stop the server from starting (fail closed)
     */
    void start(ExtensionContext context, ExtensionRoutes routes) throws Exception;

    /** Releases what {@link #start} acquired; the database pool is still open. Does nothing by default. */
    @Override
    default void close() {
    }
}
