package io.patchbay.license.api;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The raw machine facts a fingerprint is made from. The client never sends or stores these: each is HMAC'd with
 * an application-specific key before it leaves this interface's caller. Injected, so tests simulate machines and
 * a host can override a fact it knows better (a cloud instance id from its own metadata client, say); the system
 * source is {@link LicenseFactory#systemFingerprint()}.
 */
@ConsumerType
public interface FingerprintSource {

    /** The OS installation id (Linux: /etc/machine-id); empty when missing or unreadable. */
    Optional<String> machineId();

    /** Hardware addresses of physical network interfaces (any textual form; normalised by the caller). */
    List<String> macAddresses();

    Optional<String> hostname();

    /** Operating system name and architecture, e.g. "Linux/amd64". */
    String osArch();

    Optional<String> cpuModel();

    /** A cloud or VM instance id (DMI product UUID, hypervisor UUID) where readable; never fetched over the network. */
    Optional<String> instanceId();

    /**
     * True inside a container (Docker, Podman, Kubernetes): machine-id, MACs, hostname and the host's instance id
     * are then not this instance's own (missing, shared by every container of an image, or new at each restart),
     * so the fingerprint leaves them out and the instance key alone identifies the instance.
     */
    boolean container();
}
