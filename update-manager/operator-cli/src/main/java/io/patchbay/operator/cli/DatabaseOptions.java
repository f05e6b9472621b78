package io.patchbay.operator.cli;

import io.patchbay.server.api.UpdateServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import picocli.CommandLine.Option;

/**
 * Where {@code server init} and {@code server start} keep their data: the embedded H2 file in the data directory by
 * default, or PostgreSQL for production. The password never appears on the command line (where {@code ps} shows it)
 * nor in operator.json: it comes from an owner-only file or from {@value #PASSWORD_ENV}.
 */
final class DatabaseOptions {
    static final String PASSWORD_ENV = "PATCHBAY_DB_PASSWORD";
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    @Option(names = "--db-url", paramLabel = "JDBC",
            description = "PostgreSQL instead of the embedded H2 file, e.g. jdbc:postgresql://db.internal:5432/patchbay. "
                    + "init records it (without the password) in DATA/operator.json; start uses the recorded one.")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "The database user (with --db-url).")
    String user;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "An owner-only file holding the database password; else $" + PASSWORD_ENV + ".")
    Path passwordFile;

    @Option(names = "--db-timeout", paramLabel = "SECONDS",
            description = "How long a request waits for a database connection before it is answered 503 "
                    + "(default 5; 1..60).")
    Integer timeoutSeconds;

    /**
     * Applies the options to {@code builder}; {@code recordedUrl}/{@code recordedUser} are init's (from
     * operator.json) and apply when no {@code --db-url} is given.
     */
    void applyTo(UpdateServer.Builder builder, String recordedUrl, String recordedUser) {
        if (timeoutSeconds != null) {
            if (timeoutSeconds < 1 || timeoutSeconds > 60) {
                throw new CliException(CliException.USAGE, "--db-timeout must be 1..60 seconds");
            }
            builder.databaseTimeout(Duration.ofSeconds(timeoutSeconds));
        }
        String jdbc = url != null ? url : recordedUrl;
        if (jdbc == null) {
            if (user != null || passwordFile != null) {
                throw new CliException(CliException.USAGE, "--db-user and --db-password-file need --db-url");
            }
            return; // the embedded H2 file
        }
        if (!jdbc.startsWith("jdbc:postgresql:") && !jdbc.startsWith("jdbc:h2:")) {
            throw new CliException(CliException.USAGE, "--db-url must be a jdbc:postgresql: (or jdbc:h2:) URL");
        }
        String login = user != null ? user : recordedUser != null ? recordedUser : "";
        builder.database(jdbc, login, password());
    }

    /** The URL and user init records (null for the embedded database). */
    String url() {
        return url;
    }

    String user() {
        return url == null ? null : user;
    }

    private String password() {
        if (passwordFile != null) {
            try {
                if (Files.getFileStore(passwordFile).supportsFileAttributeView("posix")
                        && Files.getPosixFilePermissions(passwordFile).stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                    throw new CliException(CliException.FAILED, passwordFile + " is readable or writable by others; "
                            + "make it owner-only (chmod 600) so the database password stays secret");
                }
                if (Files.size(passwordFile) > 4096) {
                    throw new CliException(CliException.FAILED, passwordFile + " is too large for a password file");
                }
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new CliException(CliException.FAILED, "cannot read the database password file " + passwordFile
                        + ": " + PatchbayMain.describe(e), e);
            }
        }
        String fromEnv = System.getenv(PASSWORD_ENV);
        return fromEnv == null ? "" : fromEnv;
    }
}
