package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.repo.KeyRing;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(mixinStandardHelpOptions = true, name = "keygen", description = "Generate signing keys for a role into a key ring (private keys owner-only; "
        + "only key ids are printed).")
final class KeygenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "DIR", description = "Key ring directory.")
    Path keys;

    @Option(names = "--role", required = true, split = ",", paramLabel = "ROLE",
            description = "Role(s) to generate keys for: root, targets, snapshot, timestamp or a delegated role name.")
    List<String> roles;

    @Option(names = "--count", defaultValue = "1", paramLabel = "N", description = "Keys per role (default ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--scheme", defaultValue = "ed25519", paramLabel = "SCHEME",
            description = "ed25519 (default), ecdsa-sha2-nistp256 or rsassa-pss-sha256.")
    String scheme;

    @Override
    public Integer call() {
        KeyRing ring = KeyRing.at(keys);
        for (String role : roles) {
            for (TufKey key : ring.generate(role, count, scheme)) {
                spec.commandLine().getOut().println(role + " " + key.scheme() + " " + key.keyId());
            }
        }
        return 0;
    }
}
