package io.patchbay.server.impl.release;

import io.patchbay.server.impl.http.HttpError;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Bundle jars uploaded for the next release, staged content-addressed in {@code uploads/SHA256.jar}
 * (owner-only directory, not served). Checked here: bounded size, a readable zip whose manifest (at most
 * 8 MiB, the runtime's own bound, read without inflating anything else) has Bundle-SymbolicName and Bundle-Version. Not checked:
 * the publisher's JAR signature — the server holds no publisher trust; the framework's publisher gate on
 * the host is the check that counts. A refused upload leaves nothing behind.
 */
public final class BundleUploads {
    public static final String DIRECTORY = "uploads";
    /**
     * The framework's publisher gate accepts manifests up to 8 MiB, and a JAR-signed bundle's manifest carries a
     * digest line per entry (the agent bundle's is ~300 KiB): a smaller bound here would refuse bundles every host
     * accepts. The manifest is read into memory once, bounded, and parsed; nothing else is inflated.
     */
    static final int MAX_MANIFEST_BYTES = 8 * 1024 * 1024;
    /** Staged uploads at most; sealing a release removes its uploads. */
    static final int MAX_STAGED = 256;
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}");
    private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9}(\\.\\d{1,9}(\\.[A-Za-z0-9_-]{1,32})?)?)?");
    private static final Pattern UPLOAD_ID = Pattern.compile("[0-9a-f]{64}");

    /** A staged jar: its id is the SHA-256 of its bytes (hex). */
    public record Upload(String sha256, String symbolicName, String version, long length, Path file) {
    }

    private final Path dir;
    private final long maxJarBytes;

    public BundleUploads(Path dataDirectory, long maxJarBytes) {
        this.dir = dataDirectory.resolve(DIRECTORY);
        this.maxJarBytes = maxJarBytes;
    }

    public long maxJarBytes() {
        return maxJarBytes;
    }

    /** Streams a jar in (at most {@code maxJarBytes}), checks it and stages it. */
    public Upload accept(InputStream body) throws IOException {
        ensureDirectory();
        if (count() >= MAX_STAGED) {
            throw new HttpError(409, "too_many_uploads", MAX_STAGED + " uploads are staged already; seal a release first");
        }
        Path tmp = Files.createTempFile(dir, ".tmp-", ".part");
        try {
            MessageDigest sha256 = sha256();
            long length;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha256)) {
                length = copyBounded(body, out);
            }
            Upload checked = check(tmp, HexFormat.of().formatHex(sha256.digest()), length);
            Path staged = dir.resolve(checked.sha256() + ".jar");
            Files.move(tmp, staged, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new Upload(checked.sha256(), checked.symbolicName(), checked.version(), length, staged);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A staged upload by id, checked again (the directory is local state, not trusted blindly). */
    public Optional<Upload> find(String id) throws IOException {
        if (id == null || !UPLOAD_ID.matcher(id).matches()) {
            throw new HttpError(400, "invalid_input", "uploads[]: an upload id is the 64-hex-digit SHA-256 of the jar");
        }
        Path file = dir.resolve(id + ".jar");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(new DigestOutputStream(OutputStream.nullOutputStream(), sha256));
        }
        if (!HexFormat.of().formatHex(sha256.digest()).equals(id)) {
            throw new IOException("staged upload " + file + " does not match its hash; remove it");
        }
        return Optional.of(check(file, id, Files.size(file)));
    }

    public void remove(Upload upload) throws IOException {
        Files.deleteIfExists(dir.resolve(upload.sha256() + ".jar"));
    }

    private long copyBounded(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            total += n;
            if (total > maxJarBytes) {
                throw new HttpError(413, "too_large", "a bundle jar may have at most " + maxJarBytes + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static Upload check(Path jar, String sha256, long length) throws IOException {
        Manifest manifest;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/MANIFEST.MF");
            if (entry == null) {
                throw invalid("the jar has no META-INF/MANIFEST.MF");
            }
            byte[] bytes;
            try (InputStream in = zip.getInputStream(entry)) {
                bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            }
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw invalid("the manifest is larger than " + MAX_MANIFEST_BYTES + " bytes");
            }
            manifest = new Manifest(new ByteArrayInputStream(bytes));
        } catch (ZipException e) {
            throw invalid("not a readable jar (" + e.getMessage() + ")");
        }
        String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName");
        String version = manifest.getMainAttributes().getValue("Bundle-Version");
        if (bsn == null || version == null) {
            throw invalid("the manifest needs Bundle-SymbolicName and Bundle-Version (an OSGi bundle)");
        }
        bsn = bsn.split(";", 2)[0].trim();
        version = version.trim();
        if (!SYMBOLIC_NAME.matcher(bsn).matches() || bsn.contains("..")) {
            throw invalid("Bundle-SymbolicName must be 1-100 letters, digits, '.', '_' or '-'");
        }
        if (!VERSION.matcher(version).matches()) {
            throw invalid("Bundle-Version '" + version + "' is not an OSGi version (major.minor.micro.qualifier)");
        }
        return new Upload(sha256, bsn, version, length, jar);
    }

    private static HttpError invalid(String message) {
        return new HttpError(400, "invalid_bundle", message);
    }

    private void ensureDirectory() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private long count() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).count();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
