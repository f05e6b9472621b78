package io.patchbay.license.testing;

import io.patchbay.license.api.FingerprintSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A machine for tests: every fact given, each changeable on a copy. */
public record SimulatedMachine(String mid, List<String> macs, String host, String os, String cpu,
                               String instance, boolean inContainer) implements FingerprintSource {

    /** A typical server: machine id, two NICs, a DMI UUID. */
    public static SimulatedMachine server(String name) {
        return new SimulatedMachine("mid-" + name + "-0123456789abcdef", List.of(mac(name, 1), mac(name, 2)),
                name + ".example.com", "Linux/amd64", "Intel(R) Xeon(R) Gold 6338", "uuid-" + name, false);
    }

    /** Another machine of the same model and OS: only machine id, MACs, host name and instance id differ. */
    public static SimulatedMachine sameModel(String name) {
        return server(name);
    }

    private static String mac(String name, int n) {
        int h = (name.hashCode() & 0xffffff) + n;
        return String.format("02:00:00:%02x:%02x:%02x", (h >> 16) & 0xff, (h >> 8) & 0xff, h & 0xff);
    }

    public SimulatedMachine withMacs(List<String> newMacs) {
        return new SimulatedMachine(mid, List.copyOf(newMacs), host, os, cpu, instance, inContainer);
    }

    /** One network card replaced by another. */
    public SimulatedMachine withOneNicReplaced() {
        List<String> m = new ArrayList<>(macs);
        m.set(0, "0a:bc:de:f0:12:34");
        return withMacs(m);
    }

    public SimulatedMachine withHost(String newHost) {
        return new SimulatedMachine(mid, macs, newHost, os, cpu, instance, inContainer);
    }

    public SimulatedMachine withMachineId(String id) {
        return new SimulatedMachine(id, macs, host, os, cpu, instance, inContainer);
    }

    public SimulatedMachine withCpu(String model) {
        return new SimulatedMachine(mid, macs, host, os, model, instance, inContainer);
    }

    public SimulatedMachine containerised() {
        return new SimulatedMachine(mid, macs, host, os, cpu, instance, true);
    }

    @Override
    public Optional<String> machineId() {
        return Optional.ofNullable(mid);
    }

    @Override
    public List<String> macAddresses() {
        return macs;
    }

    @Override
    public Optional<String> hostname() {
        return Optional.ofNullable(host);
    }

    @Override
    public String osArch() {
        return os;
    }

    @Override
    public Optional<String> cpuModel() {
        return Optional.ofNullable(cpu);
    }

    @Override
    public Optional<String> instanceId() {
        return Optional.ofNullable(instance);
    }

    @Override
    public boolean container() {
        return inContainer;
    }
}
