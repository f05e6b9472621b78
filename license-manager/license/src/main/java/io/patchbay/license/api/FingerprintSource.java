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

    /**
     * The OS installation id (Linux: /etc/machine-id).
     *
     * @return the id; empty when missing or unreadable
     */
    Optional<String> machineId();

    /**
     * Hardware addresses of physical network interfaces; virtual ones (bridges, VPNs) change too often to bind to.
     *
     * @return the addresses in any textual form (the caller normalises them); empty when there are none, never null
     */
    List<String> macAddresses();

    /**
     * The host name, the weakest fact (it is easily renamed), so one differing component is tolerated.
     *
     * @return the host name; empty when unknown
     */
    Optional<String> hostname();

    /**
     * Operating system name and architecture.
     *
     * @return e.g. {@code "Linux/amd64"}, never null
     */
    String osArch();

    /**
     * The processor's model name (Linux: /proc/cpuinfo).
     *
     * @return the model; empty when unreadable
     */
    Optional<String> cpuModel();

    /**
     * A cloud or VM instance id (DMI product UUID, hypervisor UUID); never fetched over the network.
     *
     * @return the id; empty where not readable
     */
    Optional<String> instanceId();

    /**
     * True inside a container (Docker, Podman, Kubernetes): machine-id, MACs, hostname and the host's instance id
     * are then not this instance's own (missing, shared by every container of an image, or new at each restart),
     * so the fingerprint leaves them out and the instance key alone identifies the instance.
     *
     * @return true inside a container
     */
    boolean container();
}
