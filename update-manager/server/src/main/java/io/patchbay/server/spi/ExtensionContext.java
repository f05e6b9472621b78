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
        /**
         * Does the work; the connection is the transaction's, so do not commit, roll back or close it.
         *
         * @param connection the transaction's connection
         * @return the result handed back by {@link #inTransaction}
         * @throws SQLException to roll the transaction back
         */
        T run(Connection connection) throws SQLException;
    }

    /**
     * The server's pool (shared: keep connections briefly). Writes should go through {@link #inTransaction}.
     *
     * @return the pooled data source
     */
    DataSource dataSource();

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws anything. A
     * handler may let the {@link SQLException} escape: the server answers 503 when the database is unreachable
     * and 500 otherwise, without the SQL in the reply.
     *
     * @param <T>  the result type
     * @param work what runs in the transaction
     * @return what {@code work} returned
     * @throws SQLException when the database fails or {@code work} throws it; the transaction was rolled back
     */
    <T> T inTransaction(Work<T> work) throws SQLException;

    /**
     * Which database the server runs on, for the rare statement that differs between them.
     *
     * @return {@code "h2"} or {@code "postgresql"}
     */
    String databaseVendor();

    /**
     * The server's injected clock: every time an extension stores or signs comes from it.
     *
     * @return the clock
     */
    Clock clock();

    /**
     * The server's random source, for keys, nonces and tokens (tests inject a seeded one).
     *
     * @return the random source
     */
    SecureRandom random();

    /**
     * The extension's own directory, for its keys.
     *
     * @return {@code <data>/extensions/<id>}, created owner-only (rwx------)
     */
    Path privateDirectory();

    /**
     * Wakes an enrolled client through the push channel.
     *
     * @return the notifier; {@link ClientNotifier#NONE} on a server without a push channel
     */
    ClientNotifier push();
}
