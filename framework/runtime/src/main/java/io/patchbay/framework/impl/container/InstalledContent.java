package io.patchbay.framework.impl.container;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.osgi.framework.Bundle;

/**
 * Rebuilds a jar from what the container actually holds for a bundle, entry by entry, so the gate verifies the
 * content that will be loaded rather than whatever its install location points at now. Uses only
 * {@link Bundle#getEntryPaths} and {@link Bundle#getEntry}, which never trigger a resolve (this runs inside a
 * resolver hook).
 */
public final class InstalledContent {
    private InstalledContent() {
    }

    /** A jar of the bundle's current content as the container holds it. */
    public static byte[] rebuild(Bundle bundle) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            walk(bundle, (name, url) -> {
                if (url == null) {
                    throw new IOException("entry " + name + " disappeared while reading");
                }
                zip.putNextEntry(new ZipEntry(name));
                try (InputStream in = url.openStream()) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
                return true;
            });
        }
        return out.toByteArray();
    }

    /**
     * Whether the container holds exactly the entries of {@code jar} for this bundle, byte for byte. Used at
     * start-up to check the container's cache against the committed bytes from the store.
     */
    public static boolean matches(Bundle bundle, byte[] jar) throws IOException {
        Map<String, byte[]> expected = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(jar))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    expected.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        boolean allMatched = walk(bundle, (name, url) -> {
            byte[] wanted = expected.remove(name);
            if (wanted == null || url == null) {
                return false;
            }
            try (InputStream content = url.openStream()) {
                return Arrays.equals(wanted, content.readAllBytes());
            }
        });
        return allMatched && expected.isEmpty();
    }

    /** Sees one file entry: its name without a leading slash, and its URL (null if it vanished). */
    @FunctionalInterface
    private interface EntryVisitor {
        /** Returns false to stop the walk. */
        boolean visit(String name, URL url) throws IOException;
    }

    /** Visits every file entry breadth first; false when a visitor stopped the walk. */
    private static boolean walk(Bundle bundle, EntryVisitor visitor) throws IOException {
        Deque<String> directories = new ArrayDeque<>();
        directories.add("/");
        while (!directories.isEmpty()) {
            Enumeration<String> paths = bundle.getEntryPaths(directories.poll());
            while (paths != null && paths.hasMoreElements()) {
                String path = paths.nextElement();
                if (path.endsWith("/")) {
                    directories.add(path);
                } else if (!visitor.visit(path.startsWith("/") ? path.substring(1) : path, bundle.getEntry(path))) {
                    return false;
                }
            }
        }
        return true;
    }
}
