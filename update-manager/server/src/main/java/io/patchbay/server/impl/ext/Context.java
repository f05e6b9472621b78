package io.patchbay.server.impl.ext;

import io.patchbay.server.spi.ClientNotifier;
import io.patchbay.server.spi.ExtensionContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;

/** One extension's view of the server. */
final class Context implements ExtensionContext {
    private final Extensions.Host host;
    private final Path privateDirectory;
    private final SecureRandom random;

    Context(Extensions.Host host, Path privateDirectory, SecureRandom random) {
        this.host = host;
        this.privateDirectory = privateDirectory;
        this.random = random;
    }

    @Override
    public DataSource dataSource() {
        return host.database().dataSource();
    }

    @Override
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection connection = dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    @Override
    public String databaseVendor() {
        return host.database().vendor().name().toLowerCase(Locale.ROOT);
    }

    @Override
    public Clock clock() {
        return host.clock();
    }

    @Override
    public SecureRandom random() {
        return random;
    }

    @Override
    public Path privateDirectory() {
        return privateDirectory;
    }

    @Override
    public ClientNotifier push() {
        return host.push();
    }
}
