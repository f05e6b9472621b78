package io.patchbay.framework.testlib;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A library package test bundles export and import: its text comes from the exporting bundle's own
 * {@code lib.txt}, so an importer shows which revision of the library it is wired to.
 */
public final class Lib {
    private Lib() {
    }

    public static String text() {
        try (InputStream in = Lib.class.getResourceAsStream("lib.txt")) {
            return in == null ? "no lib.txt" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
