/**
 * The update server's extension point: a module that runs in the server's process and storage without the
 * server knowing it (the license manager's server half is one). The server finds each
 * {@link io.patchbay.server.spi.ServerExtension} with {@link java.util.ServiceLoader} at start, migrates the
 * extension's own schema (its own Flyway history table, so the server and every extension version
 * independently), and then lets it register device and admin routes.
 *
 * <p>What an extension gets ({@link io.patchbay.server.spi.ExtensionContext}): the pooled
 * {@link javax.sql.DataSource} and a transaction helper, the server's injected clock and random source, a
 * private owner-only directory under the server's data directory (for its keys), and a hook to wake a client
 * through the push channel. What the server keeps: TLS, body and in-flight limits, strict JSON parsing, and
 * admin bearer-token authentication with roles, all applied before an extension's handler runs.
 */
@Export
@Version("1.0.0")
package io.patchbay.server.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
