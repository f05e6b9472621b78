package io.patchbay.license.impl.identity;

import io.patchbay.crypto.api.Base64Url;
import io.patchbay.license.api.FingerprintSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A machine fingerprint: named components, each an HMAC-SHA256 (application-specific key) of one machine fact, so
 * no raw machine id, MAC or host name is ever stored or sent, and two applications on one machine see unrelated
 * values (as systemd's app-specific machine ids). The application key is derived from the application id the host
 * names; the component name is part of the HMAC input, so equal facts of different kinds never collide.
 *
 * <p>Up to {@link #MAX_MACS} MACs are kept, as components {@code mac-1..}, ordered by their HMAC value (not by
 * interface order, which changes between boots).
 */
public final class Fingerprints {

    public static final String MACHINE_ID = "machine-id";
    public static final String MAC_PREFIX = "mac-";
    public static final String HOSTNAME = "hostname";
    public static final String OS = "os";
    public static final String CPU = "cpu";
    public static final String INSTANCE_ID = "instance-id";
    public static final int MAX_MACS = 4;

    private static final byte[] DOMAIN = "patchbay-fingerprint-v1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] appKey;

    /** @param applicationId names the application (e.g. its reverse-DNS name); the HMAC key derives from it */
    public Fingerprints(String applicationId) {
        if (Objects.requireNonNull(applicationId, "applicationId").isBlank()) {
            throw new IllegalArgumentException("application id is blank");
        }
        this.appKey = hmac(DOMAIN, applicationId.getBytes(StandardCharsets.UTF_8));
    }

    /** The fingerprint of the machine the source describes: component name to base64url HMAC. */
    public Map<String, String> of(FingerprintSource source) {
        TreeMap<String, String> fp = new TreeMap<>();
        put(fp, OS, Optional.ofNullable(source.osArch()));
        if (!source.container()) {
            put(fp, MACHINE_ID, source.machineId().map(String::trim));
            put(fp, HOSTNAME, source.hostname().map(h -> h.trim().toLowerCase(Locale.ROOT)));
            put(fp, CPU, source.cpuModel().map(c -> c.trim().replaceAll("\\s+", " ")));
            put(fp, INSTANCE_ID, source.instanceId().map(i -> i.trim().toLowerCase(Locale.ROOT)));
            TreeSet<String> macs = new TreeSet<>();
            for (String mac : source.macAddresses()) {
                String normal = normaliseMac(mac);
                if (normal != null) {
                    macs.add(component(MAC_PREFIX, normal));
                }
            }
            int i = 1;
            for (String mac : macs) {
                if (i > MAX_MACS) {
                    break;
                }
                fp.put(MAC_PREFIX + i++, mac);
            }
        }
        return Collections.unmodifiableMap(fp);
    }

    private void put(Map<String, String> fp, String name, Optional<String> value) {
        value.filter(v -> !v.isBlank()).ifPresent(v -> fp.put(name, component(name, v)));
    }

    /** The MAC's HMAC is keyed by kind (not by its slot), so a MAC keeps its value whatever slot it lands in. */
    private String component(String kind, String value) {
        byte[] input = (kind + "\0" + value).getBytes(StandardCharsets.UTF_8);
        return Base64Url.encode(hmac(appKey, input));
    }

    /** Six octets as lower-case hex with colons; null for anything else or for the all-zero / broadcast address. */
    static String normaliseMac(String mac) {
        if (mac == null) {
            return null;
        }
        String hex = mac.trim().toLowerCase(Locale.ROOT).replaceAll("[:\\-.]", "");
        if (!hex.matches("[0-9a-f]{12}") || hex.equals("000000000000") || hex.equals("ffffffffffff")) {
            return null;
        }
        List<String> octets = new ArrayList<>();
        for (int i = 0; i < 12; i += 2) {
            octets.add(hex.substring(i, i + 2));
        }
        return String.join(":", octets);
    }

    private static byte[] hmac(byte[] key, byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
