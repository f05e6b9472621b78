package io.patchbay.tuf.cli.bench;

import io.patchbay.tuf.client.TufClient;
import io.patchbay.tuf.impl.crypto.Signatures;
import io.patchbay.tuf.api.TufKey;
import io.patchbay.tuf.api.TufUpdater;
import io.patchbay.tuf.api.model.TargetFile;
import io.patchbay.tuf.repo.testing.RepoSimulator;
import io.patchbay.tuf.impl.crypto.Hex;
import io.patchbay.tuf.repo.keys.KeyPairs;
import io.patchbay.tuf.repo.keys.PrivateKeySigner;
import io.patchbay.tuf.impl.store.DirectoryMetadataStore;
import io.patchbay.tuf.repo.DelegationSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Benchmark (not part of mvn verify): refresh + target lookup against a served repository of 10,000 targets
 * in 16 hash-bin delegations, cold (only root.json trusted) and warm (everything cached, nothing new), and
 * Ed25519 verifications per second through TufKey.verify next to `openssl speed -seconds 3 ed25519`.
 * Run with -XX:ActiveProcessorCount=1 (see /work/notes/tuf-bench.md for the command).
 */
public final class TufBench {

    static final int TARGETS = 10_000;
    static final int BINS = 16;
    static final int WARM_UP_SECONDS = 5;
    /** One HTTP client for all runs, as a long-running agent keeps it (its creation is not what is measured). */
    static final io.patchbay.tuf.api.Fetcher FETCHER = io.patchbay.tuf.impl.http.HttpFetcher.builder().build();
    static final List<long[]> COLD_SPLIT = new ArrayList<>();
    static final List<long[]> WARM_SPLIT = new ArrayList<>();
    static final List<long[]> AGENT_SPLIT = new ArrayList<>();

    /**
     * Arguments: [ROUNDS] [--no-warmup] [--export DIR] [--per-round]. --no-warmup measures from the first round (what a
     * fresh process pays, JIT still cold); --export writes the repository's metadata/ and its root v1 to
     * DIR (for bench/tuf/python_tuf_compare.py, which then measures python-tuf on the very same files).
     */
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        int rounds = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 30;
        boolean warmUp = !options.contains("--no-warmup");
        Path export = options.contains("--export") ? Path.of(options.get(options.indexOf("--export") + 1)) : null;
        boolean perRound = options.contains("--per-round");
        Path tmp = Files.createTempDirectory("tuf-bench");
        try (RepoSimulator sim = RepoSimulator.start(tmp)) {
            List<String> paths = buildRepository(sim);
            if (export != null) {
                exportRepository(sim, paths, export);
            }
            Random random = new Random(42);
            double[] cold = new double[rounds];
            double[] warm = new double[rounds];
            double[] agent = new double[rounds];
            // Steady state, as in a long-running agent: on one core the JIT needs seconds, not rounds, to
            // compile the parse/canonicalise/verify path; "cold" and "warm" refer to the metadata cache.
            long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmUp ? WARM_UP_SECONDS : 0);
            for (int warmup = 0; warmUp && (warmup < 5 || System.nanoTime() < warmUpEnd); warmup++) {
                lookup(sim, paths.get(random.nextInt(TARGETS)), true);
                lookup(sim, paths.get(random.nextInt(TARGETS)), false);
            }
            COLD_SPLIT.clear();
            WARM_SPLIT.clear();
            for (int i = 0; i < rounds; i++) {
                cold[i] = lookup(sim, paths.get(random.nextInt(TARGETS)), true);
            }
            lookup(sim, paths.get(0), true);
            for (int i = 0; i < rounds; i++) {
                warm[i] = lookupAllBinsCached(sim, paths, random);
            }
            TufUpdater longLived = sim.updater(FETCHER);
            for (int i = 0; i < 5 + rounds; i++) {
                double millis = refreshAndLookup(longLived, paths.get(random.nextInt(TARGETS)), AGENT_SPLIT);
                if (i >= 5) {
                    agent[i - 5] = millis;
                }
            }
            if (perRound) {
                System.out.println("per round ms, cold: " + rounded(cold));
                System.out.println("per round ms, warm: " + rounded(warm));
            }
            System.out.printf("median refresh / lookup ms: cold %s, warm %s, warm same updater %s%n",
                    split(COLD_SPLIT), split(WARM_SPLIT), split(AGENT_SPLIT.subList(5, AGENT_SPLIT.size())));
            double javaVerifies = ed25519VerifiesPerSecond(3);
            double opensslVerifies = opensslEd25519VerifiesPerSecond();
            System.out.println();
            System.out.printf("TUF client benchmark: %d targets in %d hash-bin delegations, %d cores visible to the JVM, %s%n",
                    TARGETS, BINS, Runtime.getRuntime().availableProcessors(),
                    warmUp ? WARM_UP_SECONDS + " s JIT warm-up" : "no warm-up (measured from the first round)");
            System.out.println("| case | median ms | p90 ms | max ms | budget |");
            System.out.println("|---|---|---|---|---|");
            row("cold refresh + lookup (only root.json trusted)", cold, "<= 200 ms");
            row("warm refresh + lookup (all cached, nothing new)", warm, "<= 20 ms");
            row("warm, one long-lived updater (agent; not budgeted)", agent, "-");
            System.out.println();
            System.out.println("| Ed25519 verify | per second |");
            System.out.println("|---|---|");
            System.out.printf("| TufKey.verify (Bouncy Castle) | %.0f |%n", javaVerifies);
            System.out.printf("| openssl speed -seconds 3 ed25519 | %s |%n",
                    opensslVerifies > 0 ? String.format("%.0f", opensslVerifies) : "n/a");
            if (opensslVerifies > 0) {
                System.out.printf("| ratio Java / openssl | %.2f |%n", javaVerifies / opensslVerifies);
            }
        } finally {
            deleteTree(tmp);
        }
    }

    /** 16 bins by the first hex digit of SHA-256(path), 10,000 listed targets (metadata only). */
    static List<String> buildRepository(RepoSimulator sim) throws Exception {
        long start = System.nanoTime();
        for (int bin = 0; bin < BINS; bin++) {
            String prefix = Integer.toHexString(bin);
            sim.repo().delegate(DelegationSpec.ofHashPrefixes("bin-" + prefix, sim.newKeys("bin-" + prefix, 1), 1, false,
                    List.of(prefix)));
        }
        List<String> paths = new ArrayList<>();
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (int i = 0; i < TARGETS; i++) {
            String path = "bundles/com.example.feature" + i + "/feature-" + i + "-1.0." + i + ".jar";
            String hash = Hex.encode(sha256.digest(path.getBytes(StandardCharsets.UTF_8)));
            TargetFile target = new TargetFile(path, 10_000 + i, Map.of("sha256", hash, "sha512", hash + hash), null);
            sim.repo().putTarget("bin-" + hash.charAt(0), target);
            paths.add(path);
        }
        sim.publish();
        System.out.printf("built repository in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return paths;
    }

    /** metadata/ as served, root v1 as root.json, and the target paths one per line (targets.txt). */
    static void exportRepository(RepoSimulator sim, List<String> paths, Path dir) throws IOException {
        deleteTree(dir);
        Path metadata = Files.createDirectories(dir.resolve("metadata"));
        try (Stream<Path> files = Files.list(sim.repoDir().resolve("metadata"))) {
            for (Path file : files.toList()) {
                Files.copy(file, metadata.resolve(file.getFileName()));
            }
        }
        Files.write(dir.resolve("root.json"), sim.rootBytes(1));
        Files.write(dir.resolve("targets.txt"), paths);
        System.out.println("exported the repository to " + dir);
    }

    /** One refresh + lookup by a fresh updater (like one client run); returns milliseconds. */
    static double lookup(RepoSimulator sim, String path, boolean cold) throws IOException {
        if (cold) {
            deleteTree(sim.clientMetadataDir());
            Files.createDirectories(sim.clientMetadataDir());
            TufClient.initialize(new DirectoryMetadataStore(sim.clientMetadataDir()), sim.rootBytes(1));
        }
        long start = System.nanoTime();
        TufUpdater updater = sim.updater(FETCHER);
        return refreshAndLookup(updater, path, cold ? COLD_SPLIT : WARM_SPLIT, start);
    }

    /** refresh() + findTarget() on {@code updater}; returns milliseconds. */
    static double refreshAndLookup(TufUpdater updater, String path, List<long[]> splits) {
        return refreshAndLookup(updater, path, splits, System.nanoTime());
    }

    private static double refreshAndLookup(TufUpdater updater, String path, List<long[]> splits, long start) {
        updater.refresh();
        long refreshed = System.nanoTime();
        if (updater.findTarget(path).isEmpty()) {
            throw new IllegalStateException("target not found: " + path);
        }
        long end = System.nanoTime();
        splits.add(new long[] {refreshed - start, end - refreshed});
        return (end - start) / 1e6;
    }

    private static double lookupAllBinsCached(RepoSimulator sim, List<String> paths, Random random) throws IOException {
        return lookup(sim, paths.get(random.nextInt(TARGETS)), false);
    }

    static double ed25519VerifiesPerSecond(int seconds) {
        PrivateKeySigner signer = KeyPairs.generateEd25519();
        TufKey key = signer.publicKey();
        byte[] message = new byte[512];
        new Random(1).nextBytes(message);
        byte[] signature = signer.sign(message);
        // Time-based warm-up: on one core the JIT needs a while to compile the field arithmetic, and a
        // fixed small count measured compilation rather than verification.
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < warmEnd) {
            Signatures.verify(key, message, signature);
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            if (!Signatures.verify(key, message, signature)) {
                throw new IllegalStateException("verification failed");
            }
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    /** The verify/s column of openssl's Ed25519 line; -1 when openssl is not there. */
    static double opensslEd25519VerifiesPerSecond() {
        try {
            Process process = new ProcessBuilder("openssl", "speed", "-seconds", "3", "ed25519")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            Matcher m = Pattern.compile("EdDSA \\(Ed25519\\)\\s+\\S+s\\s+\\S+s\\s+([0-9.]+)\\s+([0-9.]+)").matcher(output);
            return m.find() ? Double.parseDouble(m.group(2)) : -1;
        } catch (IOException | InterruptedException e) {
            return -1;
        }
    }

    private static String rounded(double[] millis) {
        StringBuilder s = new StringBuilder();
        for (double m : millis) {
            s.append(s.length() == 0 ? "" : " ").append(String.format("%.1f", m));
        }
        return s.toString();
    }

    private static String split(List<long[]> splits) {
        long[] refresh = splits.stream().mapToLong(s -> s[0]).sorted().toArray();
        long[] lookup = splits.stream().mapToLong(s -> s[1]).sorted().toArray();
        return String.format("%.1f / %.1f", refresh[refresh.length / 2] / 1e6, lookup[lookup.length / 2] / 1e6);
    }

    private static void row(String name, double[] millis, String budget) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("| %s | %.1f | %.1f | %.1f | %s |%n", name, sorted[sorted.length / 2],
                sorted[(int) Math.ceil(sorted.length * 0.9) - 1], sorted[sorted.length - 1], budget);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
