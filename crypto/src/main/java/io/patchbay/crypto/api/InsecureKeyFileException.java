package io.patchbay.crypto.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A private key file that others than its owner may access (any group or other permission bit), or that
 * is not a regular file. The key is not read: a key others could read must be considered leaked, and one
 * others could write may have been replaced. The message names the file, its permissions and the fix.
 */
public class InsecureKeyFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file    the refused key file, as the caller named it
     * @param message names the file, its permissions and the fix
     */
    public InsecureKeyFileException(Path file, String message) {
        super(message);
        this.file = file;
    }

    /**
     * The refused key file. Not serialized: null after deserialization.
     *
     * @return the file as the caller named it
     */
    public Path file() {
        return file;
    }
}
