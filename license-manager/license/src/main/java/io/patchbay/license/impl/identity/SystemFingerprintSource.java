package io.patchbay.license.impl.identity;

import io.patchbay.license.api.FingerprintSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The machine facts of the running system, read from local files only (Linux's /etc, /proc and /sys; on other
 * systems the JDK's network interfaces and host name). Nothing is fetched over the network: cloud metadata
 * endpoints are left to hosts that want them (they can wrap this source). Unreadable facts are simply absent; the
 * DMI product UUID, for instance, is readable by root only on most distributions.
 *
 * <p>The file system root and the environment are injected, so tests read a simulated machine from a directory.
 */
public final class SystemFingerprintSource implements FingerprintSource {

    /** A fact file is small; anything larger is not what it claims to be. */
    private static final int MAX_FACT_BYTES = 64 * 1024;
    private static final Pattern CONTAINER_CGROUP = Pattern.compile("docker|kubepods|containerd|libpod|lxc");

    private final Path root;
    private final Map<String, String> env;
    private final String osName;
    private final String osArch;

    public SystemFingerprintSource(Path root, Map<String, String> env, String osName, String osArch) {
        this.root = root;
        this.env = Map.copyOf(env);
        this.osName = osName;
        this.osArch = osArch;
    }

    public static SystemFingerprintSource running() {
        return new SystemFingerprintSource(Path.of("/"), System.getenv(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
    }

    private boolean linux() {
        return osName.toLowerCase(java.util.Locale.ROOT).startsWith("linux");
    }

    @Override
    public Optional<String> machineId() {
        return firstLine("etc/machine-id").or(() -> firstLine("var/lib/dbus/machine-id"));
    }

    @Override
    public List<String> macAddresses() {
        return linux() ? sysfsMacs() : jdkMacs();
    }

    /** Physical interfaces are the ones with a backing device (virtual ones, bridges, veths have none). */
    private List<String> sysfsMacs() {
        List<String> macs = new ArrayList<>();
        Path net = root.resolve("sys/class/net");
        if (!Files.isDirectory(net)) {
            return macs;
        }
        try (DirectoryStream<Path> interfaces = Files.newDirectoryStream(net)) {
            for (Path iface : interfaces) {
                if (Files.exists(iface.resolve("device"))) {
                    read(iface.resolve("address")).map(String::trim).ifPresent(macs::add);
                }
            }
        } catch (IOException e) {
            return macs;
        }
        Collections.sort(macs);
        return macs;
    }

    private static List<String> jdkMacs() {
        List<String> macs = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                byte[] hw = ni.getHardwareAddress();
                if (!ni.isLoopback() && !ni.isVirtual() && !ni.isPointToPoint() && hw != null && hw.length == 6) {
                    StringBuilder b = new StringBuilder();
                    for (byte x : hw) {
                        b.append(String.format("%02x", x & 0xff));
                    }
                    macs.add(b.toString());
                }
            }
        } catch (SocketException | RuntimeException e) {
            return List.of();
        }
        return macs;
    }

    @Override
    public Optional<String> hostname() {
        Optional<String> name = firstLine("proc/sys/kernel/hostname").or(() -> firstLine("etc/hostname"));
        if (name.isPresent() || linux()) {
            return name;
        }
        try {
            return Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String osArch() {
        return osName + "/" + osArch;
    }

    @Override
    public Optional<String> cpuModel() {
        return read(root.resolve("proc/cpuinfo")).flatMap(text -> text.lines()
                .filter(l -> l.startsWith("model name") || l.startsWith("Model") || l.startsWith("cpu model"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).filter(s -> !s.isEmpty()).findFirst());
    }

    @Override
    public Optional<String> instanceId() {
        return firstLine("sys/class/dmi/id/product_uuid").or(() -> firstLine("sys/hypervisor/uuid"));
    }

    @Override
    public boolean container() {
        if (env.containsKey("KUBERNETES_SERVICE_HOST") || env.containsKey("container")) {
            return true;
        }
        if (Files.exists(root.resolve(".dockerenv")) || Files.exists(root.resolve("run/.containerenv"))) {
            return true;
        }
        return read(root.resolve("proc/1/cgroup")).map(c -> CONTAINER_CGROUP.matcher(c).find()).orElse(false);
    }

    private Optional<String> firstLine(String relative) {
        return read(root.resolve(relative)).flatMap(t -> t.lines().map(String::trim).filter(l -> !l.isEmpty())
                .findFirst());
    }

    private static Optional<String> read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FACT_BYTES);
            return Optional.of(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
