package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.KeyRing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Resolves key arguments: a public key file (.pub JSON), or a key id (prefix) found in the ring. */
final class KeyArgs {

    private KeyArgs() {
    }

    static List<TufKey> resolve(List<String> args, KeyRing ring) {
        List<TufKey> keys = new ArrayList<>();
        for (String arg : args) {
            Path file = Path.of(arg);
            if (arg.endsWith(".pub") && Files.isRegularFile(file)) {
                keys.add(KeyRing.readPublicKey(file));
            } else {
                keys.add(ring.findPublicKey(arg).orElseThrow(() -> new IllegalArgumentException(
                        "no key '" + arg + "' in key ring " + ring.dir() + " (give a key id or a .pub file)")));
            }
        }
        return keys;
    }

    /** Key ids for removal: full ids or ring-resolvable prefixes. */
    static List<String> ids(List<String> args, KeyRing ring) {
        List<String> ids = new ArrayList<>();
        for (String arg : args) {
            ids.add(arg.length() == 64 ? arg : resolve(List.of(arg), ring).get(0).keyId());
        }
        return ids;
    }
}
