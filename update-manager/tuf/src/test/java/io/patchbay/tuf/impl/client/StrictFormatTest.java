package io.patchbay.tuf.impl.client;

import io.patchbay.tuf.testing.TestKeys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.patchbay.tuf.api.MalformedMetadataException;
import io.patchbay.tuf.api.RepositoryMismatchException;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.testing.DirectorySnapshot;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 6, items 9 and 11: metadata that is validly signed but does not follow the spec's formats exactly
 * (found by differential testing against python-tuf, where ours was looser). Each case publishes a new,
 * correctly signed version with one malformed field to a client that already trusts version 1, and
 * asserts the specific refusal AND that no trusted file changed.
 */
class StrictFormatTest extends ClientTestBase {

    static Stream<Arguments> malformed() {
        return Stream.of(
                // expires: exactly YYYY-MM-DDTHH:MM:SSZ
                row("expires with fractional seconds", "timestamp", s -> s.put("expires", "2030-01-01T00:00:00.5Z")),
                row("expires at hour 24", "timestamp", s -> s.put("expires", "2030-01-01T24:00:00Z")),
                row("expires in year 0000", "timestamp", s -> s.put("expires", "0000-01-01T00:00:00Z")),
                row("expires with a five-digit year", "timestamp", s -> s.put("expires", "10000-01-01T00:00:00Z")),
                row("expires with a signed year", "timestamp", s -> s.put("expires", "+2030-01-01T00:00:00Z")),
                row("expires with an offset", "timestamp", s -> s.put("expires", "2030-01-01T00:00:00+00:00")),
                row("expires with lower-case z", "snapshot", s -> s.put("expires", "2030-01-01T00:00:00z")),
                row("expires on February 30", "snapshot", s -> s.put("expires", "2030-02-30T00:00:00Z")),
                row("expires without seconds", "targets", s -> s.put("expires", "2030-01-01T00:00Z")),
                // spec_version: MAJOR.MINOR.PATCH, ASCII digits
                row("spec_version '1'", "timestamp", s -> s.put("spec_version", "1")),
                row("spec_version '1.0'", "timestamp", s -> s.put("spec_version", "1.0")),
                row("spec_version '1.a.0'", "timestamp", s -> s.put("spec_version", "1.a.0")),
                row("spec_version '+1.0.0'", "snapshot", s -> s.put("spec_version", "+1.0.0")),
                row("spec_version '1..0'", "snapshot", s -> s.put("spec_version", "1..0")),
                row("spec_version '1.0.0-rc1'", "targets", s -> s.put("spec_version", "1.0.0-rc1")),
                row("spec_version '01.0.0'", "targets", s -> s.put("spec_version", "01.0.0")),
                row("spec_version with Arabic-Indic digits", "targets", s -> s.put("spec_version", "\u0661.0.0")),
                // delegations
                row("delegated role without 'terminating'", "targets", s -> firstDelegation(s).remove("terminating")),
                row("'terminating' not a boolean", "targets", s -> firstDelegation(s).put("terminating", "false")),
                row("delegations without 'roles'", "targets", s -> ((ObjectNode) s.get("delegations")).remove("roles")),
                // METAFILES
                row("empty hashes in snapshot meta", "snapshot",
                        s -> ((ObjectNode) s.get("meta").get("targets.json")).putObject("hashes")),
                row("empty hashes in timestamp meta", "timestamp",
                        s -> ((ObjectNode) s.get("meta").get("snapshot.json")).putObject("hashes")));
    }

    private static Arguments row(String name, String role, Consumer<ObjectNode> edit) {
        return Arguments.of(name, role, edit);
    }

    private static ObjectNode firstDelegation(ObjectNode targetsSigned) {
        return (ObjectNode) targetsSigned.get("delegations").get("roles").get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void validlySignedButMalformedMetadataIsRefusedAndNothingTrustedChanges(String name, String role,
                                                                         Consumer<ObjectNode> edit) {
        TufUpdater updater = trustVersionOneWithADelegation();
        Map<String, String> before = trustedFrom(role);

        publishEdited(role, edit);
        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, updater::refresh, name);
        assertTrue(e.getMessage().contains(role), e.getMessage());
        // Roles checked before the malformed one may legitimately move on (e.g. a valid new timestamp);
        // the malformed role and everything after it in the workflow stay as trusted before.
        assertTrue(before.equals(trustedFrom(role)), "trusted files from " + role + " on changed after: " + name);
        assertThrows(MalformedMetadataException.class, () -> updater().refresh(), "a fresh updater must agree");
    }

    @Test
    void wellFormedSpecVersionOfAnotherMajorIsAMismatchNotMalformed() {
        TufUpdater updater = trustVersionOneWithADelegation();
        Map<String, String> before = DirectorySnapshot.of(store.directory());
        publishEdited("timestamp", s -> s.put("spec_version", "2.0.0"));
        RepositoryMismatchException e = assertThrows(RepositoryMismatchException.class, updater::refresh);
        assertTrue(e.getMessage().contains("2.0.0"), e.getMessage());
        assertEquals(before, DirectorySnapshot.of(store.directory()));
    }

    @Test
    void laterMinorAndPatchVersionsOfSpecOneAreAccepted() {
        TufUpdater updater = trustVersionOneWithADelegation();
        publishEdited("timestamp", s -> s.put("spec_version", "1.999.10"));
        assertEquals(repo.timestamp.version(), updater.refresh().timestampVersion());
    }

    /** Item 9: each keyid in "signatures" must be unique; the copy is a valid signature, yet the envelope is malformed. */
    @Test
    void aSignaturesArrayListingAKeyIdTwiceIsRefusedAsMalformed() {
        TufUpdater updater = trustVersionOneWithADelegation();
        Map<String, String> before = DirectorySnapshot.of(store.directory());
        repo.publish();
        repo.timestamp.envelope().withArray("signatures").add(repo.timestamp.signatures().get(0).toJson());
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());

        MalformedMetadataException e = assertThrows(MalformedMetadataException.class, updater::refresh);
        assertTrue(e.getMessage().contains("more than once"), e.getMessage());
        assertEquals(before, DirectorySnapshot.of(store.directory()));
    }

    /** Item 9 for a threshold of two: one key listed twice must not pass as two signatures, nor as one. */
    @Test
    void aRepeatedKeyIdCannotStandInForASecondSigner() {
        TufUpdater updater = trustVersionOneWithADelegation();
        repo.signers.get("timestamp").add(io.patchbay.tuf.testing.TestKeys.ed25519());
        repo.nextRoot();
        ((ObjectNode) repo.root.signed().get("roles").get("timestamp")).put("threshold", 2);
        repo.publishRoot(repo.signers.get("root"));
        repo.publish();
        RepoFixture.sign(repo.timestamp, List.of(repo.signers.get("timestamp").get(0)));
        repo.timestamp.envelope().withArray("signatures").add(repo.timestamp.signatures().get(0).toJson());
        repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());

        assertThrows(MalformedMetadataException.class, updater::refresh);
        // The rotation changed timestamp's keys, so the old local timestamp is forgotten (5.3.11); the
        // malformed new one must not take its place.
        assertEquals(2, storedVersion("root"));
        assertTrue(stored("timestamp").isEmpty(), "the malformed timestamp was stored");
    }

    // --- helpers ---

    private static final List<String> WORKFLOW_ORDER = List.of("root", "timestamp", "snapshot", "targets", "plugins");

    /** The stored files of {@code role} and of the roles the workflow checks after it (root always). */
    private Map<String, String> trustedFrom(String role) {
        Map<String, String> files = new java.util.TreeMap<>(DirectorySnapshot.of(store.directory()));
        for (String earlier : WORKFLOW_ORDER.subList(1, WORKFLOW_ORDER.indexOf(role))) {
            files.remove(earlier + ".json");
        }
        return files;
    }

    /** targets delegates "plugins" (so there is a delegation to break); the client trusts it all. */
    private TufUpdater trustVersionOneWithADelegation() {
        repo.delegate(repo.targets, "plugins", List.of("plugins/*"), false);
        repo.publish();
        TufUpdater updater = updater();
        updater.refresh();
        assertTrue(updater.findTarget("plugins/none.jar").isEmpty());
        return updater;
    }

    /** A new version of everything, then {@code role} edited and correctly re-signed (and referenced). */
    private void publishEdited(String role, Consumer<ObjectNode> edit) {
        repo.publish();
        switch (role) {
            case "timestamp" -> {
                edit.accept(repo.timestamp.signed());
                RepoFixture.sign(repo.timestamp, repo.signers.get("timestamp"));
                repo.put(RepoFixture.METADATA_URL, "timestamp.json", repo.timestamp.toBytes());
            }
            case "snapshot" -> {
                edit.accept(repo.snapshot.signed());
                RepoFixture.sign(repo.snapshot, repo.signers.get("snapshot"));
                repo.putMetadata("snapshot", repo.snapshot);
                repo.publishTimestampOnly(false);
            }
            case "targets" -> {
                edit.accept(repo.targets.signed());
                RepoFixture.sign(repo.targets, repo.signers.get("targets"));
                repo.putMetadata("targets", repo.targets);
            }
            default -> throw new IllegalArgumentException(role);
        }
    }

}
