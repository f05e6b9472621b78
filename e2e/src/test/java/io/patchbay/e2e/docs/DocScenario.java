package io.patchbay.e2e.docs;

import io.patchbay.e2e.docs.MarkdownBlocks.Block;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one scenario's blocks, in order, in one fresh bash ({@code set -eo pipefail}) in its own session, so that
 * everything the blocks start in the background (servers, hosts) is one process group, killed at the end whatever
 * happened. The bash runs in {@code WORK/checkout}, a directory that looks like the repository root (a symbolic link
 * to each top-level entry), with {@code HOME=WORK/home} and the repository's launchers first on {@code PATH}.
 * A {@code ${NAME_PORT:-8443}} in a block gets a free loopback port in {@code NAME_PORT}, so a guide keeps its
 * example port and the test never collides with anything else on the machine.
 */
public final class DocScenario {

    static final String BLOCK_MARK = "@@doc-test block ";
    static final String DONE_MARK = "@@doc-test done";
    private static final Pattern PORT_VARIABLE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*PORT):-\\d+}");
    private static final Duration TERM_GRACE = Duration.ofSeconds(15);
    private static final int OUTPUT_LINES = 80;

    /** How a run ended: {@code failedBlock} is -1 when every block ran. */
    public record Outcome(boolean passed, int failedBlock, String message, Duration took) {
    }

    private final String name;
    private final List<Block> blocks;
    private final Path repositoryRoot;
    private final Path work;

    public DocScenario(String name, List<Block> blocks, Path repositoryRoot, Path work) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " has no blocks");
        }
        this.name = name;
        this.blocks = List.copyOf(blocks);
        this.repositoryRoot = repositoryRoot;
        this.work = work;
    }

    public Outcome run(Duration timeout) throws IOException, InterruptedException {
        Path checkout = Files.createDirectories(work.resolve("checkout"));
        Path home = Files.createDirectories(work.resolve("home"));
        // Maven in a block (the archetype flow) finds what `mvn install` put into the reader's local repository
        Path m2 = Path.of(System.getProperty("user.home"), ".m2");
        if (Files.isDirectory(m2)) {
            Files.createSymbolicLink(home.resolve(".m2"), m2);
        }
        try (Stream<Path> entries = Files.list(repositoryRoot)) {
            for (Path entry : entries.toList()) {
                if (!entry.getFileName().toString().equals(".git")) {
                    Files.createSymbolicLink(checkout.resolve(entry.getFileName()), entry);
                }
            }
        }
        Path script = work.resolve("scenario.sh");
        Path pgidFile = work.resolve("scenario.pgid");
        Files.writeString(script, script(pgidFile), StandardCharsets.UTF_8);
        Path log = work.resolve("scenario.log");
        // setsid: a session (and process group) of its own, so the group kill reaches every background job.
        ProcessBuilder builder = new ProcessBuilder("setsid", "bash", "--noprofile", "--norc", script.toString())
                .directory(checkout.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        environment(builder.environment(), home);
        long started = System.nanoTime();
        Process process = builder.start();
        boolean ended;
        try {
            ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            killGroup(pgidFile, process);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        int last = lastStartedBlock(output);
        if (ended && process.exitValue() == 0 && output.contains(DONE_MARK)) {
            return new Outcome(true, -1, "scenario " + name + ": " + blocks.size() + " block(s) in " + took.toMillis()
                    + " ms (per block, s: " + timings(output) + ")", took);
        }
        String why = ended ? "exited " + process.exitValue() : "did not end within " + timeout + " (killed)";
        if (last < 0) {
            return new Outcome(false, 0, "scenario " + name + " " + why + " before its first block:\n" + output, took);
        }
        Block block = blocks.get(last);
        String message = block.where(repositoryRoot) + ": scenario '" + name + "', block " + (last + 1) + " of "
                + blocks.size() + " " + why + " after " + took.toSeconds() + " s\n--- the block\n" + block.text()
                + "--- its output (last " + OUTPUT_LINES + " lines)\n" + tail(outputOf(output, last), OUTPUT_LINES)
                + logTails(work);
        return new Outcome(false, last, message, took);
    }

    private String script(Path pgidFile) {
        StringBuilder s = new StringBuilder("set -eo pipefail\n")
                .append("echo $$ > '").append(pgidFile).append("'\n");
        for (int i = 0; i < blocks.size(); i++) {
            // bash 5's EPOCHREALTIME (no subprocess): when each block started, for the timings in the report
            s.append("printf '\\n").append(BLOCK_MARK).append(i).append(" %s\\n' \"$EPOCHREALTIME\"\n")
                    .append(blocks.get(i).text()).append('\n');
        }
        return s.append("printf '\\n").append(DONE_MARK).append(" %s\\n' \"$EPOCHREALTIME\"\n").toString();
    }

    private void environment(Map<String, String> env, Path home) {
        String java = Path.of(System.getProperty("java.home"), "bin").toString();
        String launchers = repositoryRoot.resolve("update-manager/bin").toString();
        String path = launchers + ":" + java + ":" + env.getOrDefault("PATH", "/usr/bin:/bin");
        env.keySet().removeIf(k -> k.startsWith("PATCHBAY_") || k.startsWith("MAVEN_") || k.equals("JAVA"));
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("TMPDIR", home.toString());
        env.putAll(ports());
    }

    /** A free loopback port for every {@code ${NAME_PORT:-N}} the blocks mention. */
    Map<String, String> ports() {
        Map<String, String> ports = new LinkedHashMap<>();
        for (Block block : blocks) {
            Matcher m = PORT_VARIABLE.matcher(block.text());
            while (m.find()) {
                ports.computeIfAbsent(m.group(1), k -> Integer.toString(freePort(ports.values())));
            }
        }
        return ports;
    }

    private static int freePort(java.util.Collection<String> taken) {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                if (!taken.contains(Integer.toString(socket.getLocalPort()))) {
                    return socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * SIGTERM to the whole group (servers stop cleanly), then SIGKILL to what is left after a bounded grace. The
     * pgid comes from the script (setsid may fork); before the script wrote it, the bash's own pid is the group.
     */
    private static void killGroup(Path pgidFile, Process process) throws IOException, InterruptedException {
        String group = Files.exists(pgidFile) ? Files.readString(pgidFile).strip() : Long.toString(process.pid());
        if (!group.matches("\\d+")) {
            group = Long.toString(process.pid());
        }
        signal("TERM", group);
        long deadline = System.nanoTime() + TERM_GRACE.toNanos();
        while (groupAlive(group) && System.nanoTime() < deadline) {
            Thread.sleep(100); // the polling period of a bounded wait for the group to exit
        }
        if (groupAlive(group)) {
            signal("KILL", group);
        }
        process.destroyForcibly();
        process.waitFor(TERM_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void signal(String signal, String group) throws IOException, InterruptedException {
        // bash's builtin kill: procps (/bin/kill) is not in every minimal image
        new ProcessBuilder("bash", "-c", "kill -" + signal + " -- -" + group).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
    }

    /** Whether a process of the group still runs; zombies do not count (init reaps them when it gets to it). */
    static boolean groupAlive(String group) throws IOException {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).anyMatch(p -> {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    // after "(comm)": state ppid pgrp ...
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    return fields[2].equals(group) && !fields[0].equals("Z");
                } catch (IOException | RuntimeException e) {
                    return false; // ended meanwhile
                }
            });
        }
    }

    static int lastStartedBlock(String output) {
        int at = output.lastIndexOf(BLOCK_MARK);
        if (at < 0) {
            return -1;
        }
        int end = output.indexOf('\n', at);
        String rest = output.substring(at + BLOCK_MARK.length(), end < 0 ? output.length() : end).strip();
        return Integer.parseInt(rest.split(" ")[0]);
    }

    /** Seconds each block took, from the start marks' timestamps. */
    static String timings(String output) {
        List<Double> starts = new ArrayList<>();
        Matcher m = Pattern.compile("^@@doc-test (?:block \\d+|done) (\\d+[.,]\\d+)$", Pattern.MULTILINE).matcher(output);
        while (m.find()) {
            starts.add(Double.parseDouble(m.group(1).replace(',', '.')));
        }
        List<String> took = new ArrayList<>();
        for (int i = 1; i < starts.size(); i++) {
            took.add(String.format(java.util.Locale.ROOT, "%.1f", starts.get(i) - starts.get(i - 1)));
        }
        return String.join(" ", took);
    }

    private static String outputOf(String output, int block) {
        int at = output.lastIndexOf(BLOCK_MARK + block + " ");
        return at < 0 ? output : output.substring(output.indexOf('\n', at) + 1);
    }

    private static String tail(String text, int lines) {
        List<String> all = text.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    }

    /** The end of every log file the blocks wrote (a server's, a host's), which usually says why. */
    private static String logTails(Path work) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path dir : List.of(work.resolve("home"), work.resolve("checkout"))) {
            // not following links: checkout/ links into the repository, whose logs are not the scenario's
            try (Stream<Path> files = Files.walk(dir, 4)) {
                files.filter(f -> f.getFileName().toString().endsWith(".log")
                        && Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).forEach(logs::add);
            } catch (UncheckedIOException e) {
                // an unreadable entry: the tails are a diagnostic only
            }
        }
        StringBuilder s = new StringBuilder();
        for (Path log : logs) {
            s.append("--- ").append(work.relativize(log)).append(" (last 30 lines)\n")
                    .append(tail(Files.readString(log, StandardCharsets.UTF_8), 30));
        }
        return s.toString();
    }
}
