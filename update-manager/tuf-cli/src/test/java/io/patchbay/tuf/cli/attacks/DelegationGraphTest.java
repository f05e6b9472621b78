package io.patchbay.tuf.cli.attacks;

import io.patchbay.tuf.api.Metadata;
import io.patchbay.tuf.api.TargetNotFoundException;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.repo.DelegationSpec;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pre-order depth-first delegation search (spec 5.6.7): terminating, nested, hash-prefix, priority. */
class DelegationGraphTest extends SimulatorTestBase {

    /**
     * The first lookup may persist the newly published metadata it needs on the way (spec 5.5-5.6); it must
     * fail, and a second lookup with everything trusted must fail the same way and change nothing.
     */
    private void assertLookupFails(String path) {
        org.junit.jupiter.api.Assertions.assertThrows(TargetNotFoundException.class, () -> sim.updater().requireTarget(path));
        assertFailsUnchanged(TargetNotFoundException.class, u -> u.requireTarget(path));
    }

    private List<TufKey> keys(String role) {
        return sim.newKeys(role, 1);
    }

    private void delegate(String name, String from, boolean terminating, List<String> paths) {
        sim.repo().delegate(new DelegationSpec(name, from, keys(name), 1, terminating, paths, null));
    }

    @Test
    void aTerminatingDelegationHidesLaterRolesForItsPaths() {
        delegate("first", "targets", true, List.of("a/*"));
        delegate("second", "targets", false, List.of("a/*"));
        sim.publish();
        sim.addTarget("a/x.txt", "from second", "second");
        assertLookupFails("a/x.txt");
    }

    @Test
    void aNonTerminatingDelegationFallsThroughToTheNextRole() {
        delegate("first", "targets", false, List.of("a/*"));
        delegate("second", "targets", false, List.of("a/*"));
        sim.publish();
        sim.addTarget("a/x.txt", "from second", "second");
        assertArrayEquals("from second".getBytes(StandardCharsets.UTF_8), sim.updater().fetchTarget("a/x.txt"));
    }

    @Test
    void theFirstMatchingDelegationWins() {
        delegate("first", "targets", false, List.of("*.txt"));
        delegate("second", "targets", false, List.of("*.txt"));
        sim.publish();
        sim.addTarget("p.txt", "from first", "first");
        sim.addTarget("p.txt", "from second!", "second");
        assertArrayEquals("from first".getBytes(StandardCharsets.UTF_8), sim.updater().fetchTarget("p.txt"));
    }

    @Test
    void nestedDelegationsAreTrustedOnlyWithinEveryPathOnTheChain() throws Exception {
        delegate("outer", "targets", false, List.of("a/*"));
        sim.publish();
        delegate("inner", "outer", false, List.of("a/b*", "c/*"));
        sim.publish();
        sim.addTarget("a/b1.txt", "nested", "inner");
        assertArrayEquals("nested".getBytes(StandardCharsets.UTF_8), sim.updater().fetchTarget("a/b1.txt"));

        // inner's own delegation allows c/*, but outer only trusts it for a/*: the tooling refuses, and a
        // hand-made (validly signed) listing is ignored by the client.
        org.junit.jupiter.api.Assertions.assertThrows(io.patchbay.tuf.repo.RepositoryException.class,
                () -> sim.addTarget("c/z.txt", "outside", "inner"));
        Metadata inner = sim.tamper("2.inner.json", md -> md.signed().with("targets").set("c/z.txt",
                        new io.patchbay.tuf.api.model.TargetFile("c/z.txt", 1, java.util.Map.of("sha256", sha256(new byte[] {'z'})), null).toJson()),
                sim.signer("inner"));
        long current = io.patchbay.tuf.api.model.Timestamp.of(sim.served("timestamp.json")).snapshotMeta().version();
        Metadata snapshot = sim.tamper(current + ".snapshot.json", s -> {
            byte[] bytes = inner.toBytes();
            s.setVersion(current + 1);
            s.signed().with("meta").putObject("inner.json").put("version", 2).put("length", bytes.length)
                    .putObject("hashes").put("sha256", sha256(bytes));
        }, sim.signer("snapshot"));
        sim.serve((current + 1) + ".snapshot.json", snapshot);
        sim.server().put("/metadata/" + current + ".snapshot.json",
                java.nio.file.Files.readAllBytes(sim.repoDir().resolve("metadata/" + current + ".snapshot.json")));
        serveTimestampFor(snapshot, 100);
        assertLookupFails("c/z.txt");
    }

    @Test
    void hashPrefixBinsAreSearchedOnlyWhereTheTargetHashes() throws Exception {
        for (int bin = 0; bin < 16; bin++) {
            String prefix = Integer.toHexString(bin);
            sim.repo().delegate(DelegationSpec.ofHashPrefixes("bin-" + prefix, keys("bin-" + prefix), 1, false,
                    List.of(prefix)));
        }
        sim.publish();
        String path = "bundles/app-1.0.jar.txt";
        String bin = "bin-" + Hex.encode(MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8))).charAt(0);
        sim.addTarget(path, "binned", bin);
        var updater = sim.updater();
        assertArrayEquals("binned".getBytes(StandardCharsets.UTF_8), updater.fetchTarget(path));
        List<String> binFetches = sim.fetcher().requests().stream().map(u -> u.getPath())
                .filter(p -> p.contains(".bin-")).toList();
        assertEquals(1, binFetches.size(), "only the target's bin is fetched: " + binFetches);
        assertTrue(binFetches.get(0).endsWith("." + bin + ".json"), binFetches.toString());
    }
}
