package io.patchbay.server.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The helper finds the newest installed PostgreSQL and, without one, says which package to install. */
class PostgresServerTest {
    @TempDir
    Path root;

    @Test
    void missingBinariesNameTheDebianPackage() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> PostgresServer.findBinaries(root.resolve("absent")));
        assertTrue(e.getMessage().contains("install the Debian package 'postgresql'"), e.getMessage());
    }

    @Test
    void newestMajorVersionWinsNumerically() throws Exception {
        for (String version : new String[] {"9", "15", "13"}) {
            Path initdb = Files.createDirectories(root.resolve(version).resolve("bin")).resolve("initdb");
            Files.createFile(initdb, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Files.createDirectories(root.resolve("16/bin")); // no initdb: a half-removed install
        assertEquals(root.resolve("15/bin"), PostgresServer.findBinaries(root));
    }
}
