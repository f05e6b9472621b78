package io.patchbay.sample.host.impl.cli;

import io.patchbay.sample.host.impl.client.HostClient;
import io.patchbay.sample.host.impl.client.HostClientException;
import io.patchbay.sample.host.impl.client.ReportText;
import io.patchbay.sample.host.impl.json.SwapReport;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sends local bundle jars to a running host as one patch; exit 0 only when it committed. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply a patch to a running host: one signed bundle jar, or several jars as one "
                + "all-or-nothing patch.", "Exit status: 0 committed, 1 rejected or rolled back, 2 host unreachable or request refused."})
final class ApplyCommand implements Callable<Integer> {

    static final int NOT_COMMITTED = 1;
    static final int REQUEST_FAILED = 2;

    @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", description = "the host (default: ${DEFAULT-VALUE})")
    URI url;

    @Option(names = "--label", description = "a name for the patch in reports (default: the file names)")
    String label;

    @Parameters(arity = "1..*", paramLabel = "JAR", description = "bundle jars forming one patch")
    List<Path> jars;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                err.println("no such file: " + jar);
                return REQUEST_FAILED;
            }
        }
        try {
            SwapReport report = new HostClient(url).apply(label, jars);
            ReportText.report(report).forEach(out::println);
            return report.committed() ? 0 : NOT_COMMITTED;
        } catch (HostClientException e) {
            err.println(e.getMessage());
            return REQUEST_FAILED;
        }
    }
}
