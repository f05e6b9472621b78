package io.patchbay.framework.attacks;

import io.patchbay.framework.api.Patchbay;
import io.patchbay.framework.api.PatchbayException;
import java.nio.file.Path;

/** A second process that tries to start a runtime on a data directory, and says whether it could. */
public final class LockProbe {
    private LockProbe() {
    }

    public static void main(String[] args) {
        try (Patchbay patchbay = Patchbay.builder().dataDirectory(Path.of(args[0])).start()) {
            System.out.println("STARTED at level " + patchbay.patchLevel().sequence());
        } catch (PatchbayException e) {
            System.out.println("REFUSED " + e.getMessage());
        }
    }
}
