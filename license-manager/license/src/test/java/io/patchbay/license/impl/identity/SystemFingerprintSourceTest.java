package io.patchbay.license.impl.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system source reading a simulated Linux file system. */
class SystemFingerprintSourceTest {

    @TempDir
    Path root;

    private void write(String relative, String content) throws Exception {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private SystemFingerprintSource linux(Map<String, String> env) {
        return new SystemFingerprintSource(root, env, "Linux", "amd64");
    }

    @Test
    void readsTheFactsOfALinuxMachine() throws Exception {
        write("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
        write("proc/sys/kernel/hostname", "alpha\n");
        write("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold\n");
        write("sys/class/dmi/id/product_uuid", "4C4C4544-0042-3510-8051-B4C04F565931\n");
        write("sys/class/net/eth0/address", "52:54:00:12:34:56\n");
        write("sys/class/net/eth0/device/uevent", "");
        write("sys/class/net/docker0/address", "02:42:ac:11:00:01\n");
        write("sys/class/net/lo/address", "00:00:00:00:00:00\n");
        SystemFingerprintSource source = linux(Map.of());
        assertEquals(Optional.of("0123456789abcdef0123456789abcdef"), source.machineId());
        assertEquals(Optional.of("alpha"), source.hostname());
        assertEquals(Optional.of("Intel(R) Xeon(R) Gold"), source.cpuModel());
        assertEquals(Optional.of("4C4C4544-0042-3510-8051-B4C04F565931"), source.instanceId());
        assertEquals(List.of("52:54:00:12:34:56"), source.macAddresses(), "only interfaces with a device");
        assertEquals("Linux/amd64", source.osArch());
        assertFalse(source.container());
    }

    @Test
    void missingFactsAreAbsentAndTheDbusMachineIdIsTheFallback() throws Exception {
        SystemFingerprintSource empty = linux(Map.of());
        assertEquals(Optional.empty(), empty.machineId());
        assertEquals(Optional.empty(), empty.instanceId());
        assertEquals(List.of(), empty.macAddresses());
        write("var/lib/dbus/machine-id", "fedcba9876543210\n");
        assertEquals(Optional.of("fedcba9876543210"), empty.machineId());
    }

    @Test
    void detectsContainers() throws Exception {
        assertTrue(linux(Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1")).container());
        assertTrue(linux(Map.of("container", "podman")).container());
        write("proc/1/cgroup", "0::/kubepods/besteffort/pod1234/abcd\n");
        assertTrue(linux(Map.of()).container());
        Files.delete(root.resolve("proc/1/cgroup"));
        write(".dockerenv", "");
        assertTrue(linux(Map.of()).container());
    }

    @Test
    void theRunningSystemYieldsAFingerprint() {
        Map<String, String> fp = new Fingerprints("test").of(SystemFingerprintSource.running());
        assertTrue(fp.containsKey("os"), fp.toString());
    }
}
