package io.patchbay.tuf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads files under src/test/resources. */
public final class TestResources {

    private TestResources() {
    }

    public static byte[] bytes(String path) {
        try (InputStream in = TestResources.class.getResourceAsStream("/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] pythonTuf(String role) {
        return bytes("interop/python-tuf/" + role + ".json");
    }
}
