package io.patchbay.sample.host.impl.cli;

import io.patchbay.crypto.api.KeyEncodingException;
import io.patchbay.crypto.api.SigningPublicKey;
import io.patchbay.license.http.HttpsLeaseTransport;
import io.patchbay.sample.host.api.HostLicensing;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * serve's licensing options: none given, the host runs without licensing (gated bundles stay stopped); any given,
 * {@code --license-vendor-keys} is required, since a host must be told which vendor keys to trust.
 */
final class LicenseOptions {

    /** A vendor key file lists a few keys; anything larger is not one. */
    static final long MAX_KEY_FILE = 16 * 1024;
    static final long MAX_SECRET_FILE = 64 * 1024;

    @Option(names = "--license-vendor-keys", paramLabel = "FILE",
            description = "turn licensing on: the vendor license keys to trust, one per line as KEYID=PUBLICKEY"
                    + " (unpadded base64url Ed25519, as the license server's /admin/v1/licenses/keys lists them)")
    Path vendorKeys;

    @Option(names = "--license-server", paramLabel = "URL",
            description = "the license server (https), for online activation and lease renewal; needs --license-pin")
    URI server;

    @Option(names = "--license-pin", paramLabel = "PIN",
            description = "the license server's TLS key pin, sha256/BASE64 (repeat during a key rotation)")
    List<String> pins;

    @Option(names = "--license-key-file", paramLabel = "FILE",
            description = "a file holding the license key, activated online at start if no license is installed")
    Path licenseKeyFile;

    @Option(names = "--license-token-file", paramLabel = "FILE",
            description = "a license token (e.g. from offline activation) imported at start")
    Path tokenFile;

    @Option(names = "--license-app-id", paramLabel = "ID", defaultValue = "io.patchbay.sample.host",
            description = "the application id the machine fingerprint derives from (default: ${DEFAULT-VALUE})")
    String applicationId;

    /** The licensing to run, or empty; refuses options that cannot work together. */
    Optional<HostLicensing> licensing() {
        if (vendorKeys == null) {
            if (server != null || pins != null || licenseKeyFile != null || tokenFile != null) {
                throw new IllegalArgumentException("the --license-* options need --license-vendor-keys (the vendor"
                        + " keys to trust)");
            }
            return Optional.empty();
        }
        if ((server == null) != (pins == null)) {
            throw new IllegalArgumentException("--license-server and --license-pin go together: the server is"
                    + " trusted by its pinned key only");
        }
        if (licenseKeyFile != null && server == null) {
            throw new IllegalArgumentException("--license-key-file activates online and needs --license-server;"
                    + " an offline host imports a token with --license-token-file");
        }
        HostLicensing licensing = HostLicensing.offline(applicationId, readVendorKeys(vendorKeys));
        if (server != null) {
            licensing = licensing.withTransport(new HttpsLeaseTransport(server, pins));
        }
        if (licenseKeyFile != null) {
            licensing = licensing.withLicenseKey(readSmall(licenseKeyFile, MAX_SECRET_FILE).strip());
        }
        if (tokenFile != null) {
            licensing = licensing.withTokenFile(tokenFile);
        }
        return Optional.of(licensing);
    }

    static Map<String, SigningPublicKey> readVendorKeys(Path file) {
        Properties lines = new Properties();
        try (Reader in = new java.io.StringReader(readSmall(file, MAX_KEY_FILE))) {
            lines.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the vendor keys " + file + ": " + e.getMessage(), e);
        }
        Map<String, SigningPublicKey> keys = new LinkedHashMap<>();
        for (String id : lines.stringPropertyNames()) {
            try {
                keys.put(id, SigningPublicKey.fromBase64Url(lines.getProperty(id).strip()));
            } catch (KeyEncodingException e) {
                throw new IllegalArgumentException("vendor key '" + id + "' in " + file + " is not an Ed25519 public key"
                        + " in unpadded base64url: " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no vendor key in " + file + " (lines KEYID=PUBLICKEY)");
        }
        return keys;
    }

    private static String readSmall(Path file, long limit) {
        try {
            if (Files.size(file) > limit) {
                throw new IllegalArgumentException(file + " is larger than " + limit + " bytes");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
