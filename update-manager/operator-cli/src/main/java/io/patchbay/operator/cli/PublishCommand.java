package io.patchbay.operator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code patchbay publish BUNDLE.jar…}: uploads each jar ({@code POST /admin/v1/uploads}), then seals them into
 * one release ({@code POST /admin/v1/releases}), which the server publishes as signed TUF targets.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
        description = {"Upload bundle jars and seal them into one release (published to the server's TUF repository).",
                "The server does not check jar signatures: each host's publisher gate does."})
final class PublishCommand implements Callable<Integer> {
    static final DateTimeFormatter DEFAULT_ID = DateTimeFormatter.ofPattern("'r'yyyyMMdd-HHmmss");
    private final Io io;

    @Mixin
    AdminOptions admin;

    @Parameters(paramLabel = "BUNDLE.jar", arity = "1..64", description = "The bundle jars of the release.")
    List<Path> jars;

    @Option(names = "--release-id", paramLabel = "ID", description = "The release id (default: r<UTC date>-<time>).")
    String releaseId;

    @Option(names = "--json", description = "Machine-readable output.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    PublishCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() {
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
                throw new CliException(CliException.FAILED, "cannot read " + jar);
            }
        }
        String id = releaseId != null ? releaseId : ZonedDateTime.now(ZoneOffset.UTC).format(DEFAULT_ID);
        AdminClient client = admin.client();
        List<String> uploadIds = new ArrayList<>();
        ArrayNode uploads = OperatorConfig.MAPPER.createArrayNode();
        for (Path jar : jars) {
            long size = size(jar);
            JsonNode uploaded = client.upload("/admin/v1/uploads", jar, "application/java-archive",
                    new Progress(io, jar.getFileName().toString(), size));
            uploads.add(uploaded);
            uploadIds.add(uploaded.path("uploadId").asText());
            if (!json) {
                io.out().println("Uploaded " + jar.getFileName() + ": " + AdminCommands.text(uploaded, "symbolicName")
                        + " " + AdminCommands.text(uploaded, "version") + " (" + Progress.bytes(size) + ")");
                io.out().flush();
            }
        }
        Map<String, Object> seal = new LinkedHashMap<>();
        seal.put("releaseId", id);
        seal.put("uploads", uploadIds);
        JsonNode release = client.post("/admin/v1/releases", seal);
        if (json) {
            ObjectNode both = OperatorConfig.MAPPER.createObjectNode();
            both.set("uploads", uploads);
            both.set("release", release);
            AdminCommands.printJson(io, both);
            return 0;
        }
        io.out().println("Release " + AdminCommands.text(release, "releaseId") + " sealed at level "
                + AdminCommands.text(release, "level") + ":");
        Table table = new Table("SYMBOLIC-NAME", "VERSION", "SHA-256", "TARGET");
        for (JsonNode t : release.path("targets")) {
            table.row(AdminCommands.text(t, "symbolicName"), AdminCommands.text(t, "version"),
                    AdminCommands.text(t, "sha256"), AdminCommands.text(t, "path"));
        }
        table.print(io.out());
        io.out().println("Deploy it: patchbay deploy " + AdminCommands.text(release, "releaseId") + " --channel C --policy now");
        io.out().flush();
        return 0;
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (java.io.IOException e) {
            throw new CliException(CliException.FAILED, "cannot read " + jar + ": " + e.getMessage(), e);
        }
    }
}
