package io.patchbay.server.impl.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TLS slots on disk: what a crash leaves behind, and a state file that names something it should not. */
class TlsSlotsTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path data;
    TlsSlots slots;
    String initialPin;

    @BeforeEach
    void init() throws Exception {
        initialPin = TlsIdentity.generate(data, CLOCK, RANDOM).pinSha256();
        slots = TlsSlots.open(data);
    }

    @Test
    void withoutAStateFileTheInitialIdentityIsServed() throws Exception {
        assertEquals(TlsSlots.INITIAL, slots.state().active());
        assertEquals(initialPin, TlsIdentity.load(data).pinSha256());
        assertEquals("gen-1", slots.freshName(slots.state()));
    }

    @Test
    void aGenerationInterruptedInItsPartialDirectoryIsRedoneAndACompleteOneIsKept() throws Exception {
        Path partial = data.resolve("tls/gen-1.partial");
        Files.createDirectory(partial);
        Files.writeString(partial.resolve("server.p12"), "half a key store", StandardCharsets.US_ASCII);
        assertFalse(slots.isGenerated("gen-1"));
        assertEquals("gen-2", slots.freshName(slots.state()), "a leftover's name is not reused by a new renewal");

        String pin = slots.generate("gen-1", CLOCK, RANDOM).pinSha256();
        assertFalse(Files.exists(partial));
        assertTrue(slots.isGenerated("gen-1"));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("tls/gen-1"))));
        assertEquals(pin, slots.generate("gen-1", CLOCK, RANDOM).pinSha256(), "generated once, then loaded");
    }

    @Test
    void theStateIsReplacedWholeAndServedAfterARestart() throws Exception {
        String pin = slots.generate("gen-1", CLOCK, RANDOM).pinSha256();
        slots.write(slots.state().withNext("gen-1", "2030-01-01T00:00:00Z").activated());
        assertEquals(pin, TlsIdentity.load(data).pinSha256());
        assertEquals(TlsSlots.INITIAL, slots.state().previous());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                data.resolve("tls/slots.json"))));
        assertFalse(Files.exists(data.resolve("tls/slots.json.tmp")));
        slots.write(slots.state().finished(3));
        assertEquals(List.of(TlsSlots.INITIAL), slots.state().retired());
        assertEquals(3, slots.state().finishedRootVersion());

        // An operator deletes the retired key: the server still starts, and init still refuses to run again.
        Files.delete(data.resolve("tls/server.p12"));
        Files.delete(data.resolve("tls/server.p12.password"));
        assertEquals(pin, TlsIdentity.load(data).pinSha256());
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> TlsIdentity.generate(data, CLOCK, RANDOM));
    }

    @Test
    void aStateFileNamingAPathOutsideTheSlotsIsRefused() throws Exception {
        for (String name : new String[] {"../../repo-keys", "/etc", "gen-0", "gen-1/..", ""}) {
            Files.writeString(data.resolve("tls/slots.json"), "{\"active\":\"" + name + "\"}");
            assertThrows(IllegalArgumentException.class, () -> slots.state(), name);
            assertThrows(IllegalArgumentException.class, () -> TlsIdentity.load(data), name);
        }
    }
}
