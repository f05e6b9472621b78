package io.patchbay.server.spi;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import javax.sql.DataSource;
import org.osgi.annotation.versioning.ProviderType;

/** What the server lends an extension. Thread-safe. */
@ProviderType
public interface ExtensionContext {

    /** Work on one connection inside one transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** The server's pool (shared: keep connections briefly). Writes should go through {@link #inTransaction}. */
    DataSource dataSource();

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything. A
     * handler may let the {@link SQLException} escape: the server answers 503 when the database is unreachable
     * and 500 otherwise, without the SQL in the reply.
     */
    <T> T inTransaction(Work<T> work) throws SQLException;

    /** {@code "h2"} or {@code "postgresql"}. */
    String databaseVendor();

    /** The server's injected clock: every time an extension stores or signs comes from it. */
    Clock clock();

    SecureRandom random();

    /** The extension's own directory, {@code <data>/extensions/<id>}, created owner-only (rwx------). */
    Path privateDirectory();

    /** Wakes an enrolled client through the push channel (see {@link ClientNotifier}). */
    ClientNotifier push();
}
