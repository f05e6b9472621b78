package io.patchbay.license.gate;

import io.patchbay.license.api.FingerprintSource;
import java.util.List;
import java.util.Optional;

/** A simulated machine: every fingerprint component derives from its name, so two names are two machines. */
record Machine(String name) implements FingerprintSource {
    @Override
    public Optional<String> machineId() {
        return Optional.of("machine-id-" + name);
    }

    @Override
    public List<String> macAddresses() {
        return List.of("02:00:00:00:00:" + String.format("%02x", name.hashCode() & 0xff));
    }

    @Override
    public Optional<String> hostname() {
        return Optional.of(name);
    }

    @Override
    public String osArch() {
        return "Linux/amd64";
    }

    @Override
    public Optional<String> cpuModel() {
        return Optional.of("CPU of " + name);
    }

    @Override
    public Optional<String> instanceId() {
        return Optional.of("instance-" + name);
    }

    @Override
    public boolean container() {
        return false;
    }
}
