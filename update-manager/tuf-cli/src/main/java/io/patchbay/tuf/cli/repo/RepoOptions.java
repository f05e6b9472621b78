package io.patchbay.tuf.cli.repo;

import io.patchbay.tuf.repo.ExpiryPolicy;
import io.patchbay.tuf.repo.KeyRing;
import io.patchbay.tuf.repo.PublishResult;
import io.patchbay.tuf.repo.TufRepository;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Options every repository command shares: where the repository and the key ring are, and lifetimes. */
public final class RepoOptions {

    @Option(names = "--repo", required = true, paramLabel = "DIR",
            description = "Repository directory (metadata/ and targets/ are what a web server serves).")
    Path repo;

    @Option(names = "--keys", required = true, paramLabel = "DIR",
            description = "Key ring directory (private keys; keep it outside anything a web server serves).")
    Path keys;

    @Option(names = "--expires", paramLabel = "ROLE=DURATION",
            description = "Lifetime of new versions of a role, e.g. timestamp=1d, targets=90d, root=365d (repeatable).")
    Map<String, String> expires = new LinkedHashMap<>();

    KeyRing ring() {
        return KeyRing.at(keys);
    }

    ExpiryPolicy expiry() {
        ExpiryPolicy policy = ExpiryPolicy.defaults();
        for (Map.Entry<String, String> e : expires.entrySet()) {
            policy = policy.with(e.getKey(), ExpiryPolicy.parseDuration(e.getValue()));
        }
        return policy;
    }

    TufRepository open(Clock clock) {
        return TufRepository.open(repo, ring(), clock).withExpiry(expiry());
    }

    /** Prints what was published or what still lacks signatures; staged work is a success (exit 0). */
    static int report(PublishResult result, PrintWriter out) {
        if (result.isPublished()) {
            out.println("published " + String.join(", ", result.published()));
        } else {
            out.println("staged, waiting for signatures:");
            result.staged().forEach(line -> out.println("  " + line));
            out.println("add them with: patchbay-repo sign --repo DIR --keys OTHER_RING --role ROLE");
        }
        return 0;
    }
}
