package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What every phase of a root rotation run through the admin API shares ({@code server rotate-cert},
 * {@code server move-location}): the admin options, {@code --json}, and the server's refusals that mean "out of
 * order" or "not yet" turned into their own exit codes, so scripts can wait and retry.
 */
abstract class RootRotationPhase implements Callable<Integer> {
    final Io io;

    @Mixin
    AdminOptions admin;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    private final String base;
    private final Map<String, Integer> exits;

    /** @param exits the server's error codes that get an exit code of their own */
    RootRotationPhase(Io io, String base, Map<String, Integer> exits) {
        this.io = io;
        this.base = base;
        this.exits = exits;
    }

    JsonNode status() {
        return admin.client().get(base);
    }

    JsonNode post(String phase, Map<String, Object> body) {
        try {
            return admin.client().post(base + "/" + phase, body);
        } catch (CliException e) {
            Integer exit = exits.get(Objects.requireNonNullElse(e.serverError(), ""));
            if (exit != null) {
                throw new CliException(exit, e.getMessage(), e, e.serverError());
            }
            throw e;
        }
    }

    void printJson(JsonNode s) {
        AdminCommands.printJson(io, s);
    }
}
