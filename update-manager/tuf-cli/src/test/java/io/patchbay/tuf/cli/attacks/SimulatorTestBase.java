package io.patchbay.tuf.cli.attacks;

import io.patchbay.tuf.api.TufException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A served repository and an initialised client that has refreshed once. */
abstract class SimulatorTestBase {

    @TempDir
    Path tmp;
    RepoSimulator sim;

    @BeforeEach
    void startSimulator() throws IOException {
        sim = RepoSimulator.start(tmp, options());
        sim.initClient();
        sim.updater().refresh();
    }

    @AfterEach
    void stopSimulator() {
        if (sim != null) {
            sim.close();
        }
    }

    /** The repository's init options; subclasses raise thresholds. */
    io.patchbay.tuf.repo.InitOptions options() {
        return io.patchbay.tuf.repo.InitOptions.defaults();
    }

    /**
     * Runs {@code action} on a fresh updater, expects exactly {@code type} and checks that the trusted
     * metadata directory is byte-for-byte what it was before.
     */
    <T extends TufException> T assertFailsUnchanged(Class<T> type, Consumer<TufUpdater> action) {
        return assertFailsUnchangedExcept(type, action);
    }

    /**
     * Like {@link #assertFailsUnchanged}, for attacks on a later step of the workflow: the spec (5.4.5, 5.5.7)
     * persists each verified file before the next step, so the named earlier roles may have moved on, but
     * only to exactly what the repository legitimately serves; every other file stays byte-for-byte.
     */
    <T extends TufException> T assertFailsUnchangedExcept(Class<T> type, Consumer<TufUpdater> action,
                                                          String... legitimatelyUpdated) {
        Map<String, String> before = sim.clientMetadata();
        TufUpdater updater = sim.updater();
        T thrown = assertThrows(type, () -> action.accept(updater));
        assertEquals(type, thrown.getClass(), "exact exception type: " + thrown);
        Map<String, String> after = new java.util.TreeMap<>(sim.clientMetadata());
        for (String file : legitimatelyUpdated) {
            String served = sim.server().get("/metadata/" + file) == null ? null
                    : java.util.Base64.getEncoder().encodeToString(sim.server().get("/metadata/" + file));
            String role = file.replaceFirst("^[0-9]+\\.", "");
            assertEquals(served, after.get(role), role + " may only move to what the repository serves");
            after.put(role, before.get(role));
            after.values().removeIf(java.util.Objects::isNull);
        }
        assertEquals(before, after, "trusted metadata must not change after a failed refresh");
        return thrown;
    }

    /** A new timestamp (signed by the real timestamp key) that names {@code snapshot} as served under its version. */
    void serveTimestampFor(io.patchbay.tuf.api.Metadata snapshot, long timestampVersion) {
        byte[] bytes = snapshot.toBytes();
        sim.tamper("timestamp.json", ts -> {
            ts.setVersion(timestampVersion);
            var meta = ts.signed().with("meta").putObject("snapshot.json");
            meta.put("version", snapshot.version());
            meta.put("length", bytes.length);
            meta.putObject("hashes").put("sha256", sha256(bytes));
        }, sim.signer("timestamp"));
    }

    static String sha256(byte[] bytes) {
        try {
            return io.patchbay.tuf.impl.crypto.Hex.encode(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    <T extends TufException> T assertRefreshFails(Class<T> type) {
        return assertFailsUnchanged(type, TufUpdater::refresh);
    }
}
