package io.patchbay.license.impl.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.license.testing.SimulatedMachine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FingerprintTest {

    private final Fingerprints fingerprints = new Fingerprints("com.example.app");
    private final SimulatedMachine server = SimulatedMachine.server("alpha");

    private boolean matches(SimulatedMachine bound, SimulatedMachine now) {
        return FingerprintMatch.of(fingerprints.of(bound), fingerprints.of(now)).matches();
    }

    @Test
    void everyComponentIsPresentAndNoRawFactAppears() {
        Map<String, String> fp = fingerprints.of(server);
        assertEquals(Set.of("os", "machine-id", "hostname", "cpu", "instance-id", "mac-1", "mac-2"), fp.keySet());
        for (String value : fp.values()) {
            assertTrue(value.matches("[A-Za-z0-9_-]{43}"), value);
            for (String raw : List.of(server.mid(), server.host(), server.instance(), server.cpu())) {
                assertFalse(value.contains(raw));
            }
        }
    }

    @Test
    void valuesAreApplicationSpecific() {
        Map<String, String> a = fingerprints.of(server);
        Map<String, String> b = new Fingerprints("com.example.other").of(server);
        for (String k : a.keySet()) {
            assertNotEquals(a.get(k), b.get(k), k);
        }
    }

    @Test
    void macOrderAndSpellingDoNotMatter() {
        List<String> macs = new ArrayList<>(server.macs());
        Collections.reverse(macs);
        List<String> spelled = macs.stream().map(m -> m.toUpperCase().replace(':', '-')).toList();
        assertEquals(fingerprints.of(server), fingerprints.of(server.withMacs(spelled)));
    }

    @Test
    void bogusMacsAreIgnoredAndAtMostFourKept() {
        assertNull(Fingerprints.normaliseMac("00:00:00:00:00:00"));
        assertNull(Fingerprints.normaliseMac("ff:ff:ff:ff:ff:ff"));
        assertNull(Fingerprints.normaliseMac("00:11:22:33:44"));
        assertEquals("00:11:22:33:44:55", Fingerprints.normaliseMac("0011.2233.4455"));
        List<String> many = List.of("02:00:00:00:00:01", "02:00:00:00:00:02", "02:00:00:00:00:03",
                "02:00:00:00:00:04", "02:00:00:00:00:05", "zz");
        Map<String, String> fp = fingerprints.of(server.withMacs(many));
        assertEquals(4, fp.keySet().stream().filter(k -> k.startsWith("mac-")).count());
    }

    @Test
    void oneChangedComponentStillMatches() {
        assertTrue(matches(server, server.withOneNicReplaced()));
        assertTrue(matches(server, server.withMacs(List.of("0a:bc:de:f0:12:34"))), "every NIC replaced");
        assertTrue(matches(server, server.withHost("renamed.example.com")));
        assertTrue(matches(server, server.withCpu("AMD EPYC 7763")));
        assertTrue(matches(server, server.withMachineId(null)), "machine-id unreadable now");
        assertTrue(matches(server, server.withOneNicReplaced().withHost("renamed")), "two weak changes");
    }

    @Test
    void anotherMachineDoesNotMatch() {
        assertFalse(matches(server, SimulatedMachine.sameModel("beta")), "same model and OS, other machine");
        // A cloned VM image keeps the machine id; its MACs, DMI UUID and host name are new.
        SimulatedMachine clone = SimulatedMachine.sameModel("beta").withMachineId(server.mid());
        assertFalse(matches(server, clone));
        FingerprintMatch m = FingerprintMatch.of(fingerprints.of(server), fingerprints.of(clone));
        assertEquals(List.of("hostname", "instance-id", "mac"), m.differing());
        assertEquals(4, m.matchedWeight());
        assertEquals(9, m.boundWeight());
    }

    @Test
    void containersLeaveOutWhatIsNotTheirOwn() {
        SimulatedMachine pod = server.containerised();
        assertEquals(Set.of("os"), fingerprints.of(pod).keySet());
        // Rescheduled: new host name, new MAC, another node's machine id: the same fingerprint.
        SimulatedMachine moved = SimulatedMachine.server("node-7").containerised();
        assertEquals(fingerprints.of(pod), fingerprints.of(moved));
        assertTrue(matches(pod, moved));
    }

    @Test
    void anEmptyBoundFingerprintMatchesAnything() {
        assertTrue(FingerprintMatch.of(Map.of(), fingerprints.of(server)).matches());
    }
}
