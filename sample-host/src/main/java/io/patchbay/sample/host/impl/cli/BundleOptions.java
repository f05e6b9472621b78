package io.patchbay.sample.host.impl.cli;

import io.patchbay.sample.host.api.SampleBundles;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the sample bundles and the trust store are; by default the build's target/bundles. */
final class BundleOptions {

    @Option(names = "--bundles-dir", paramLabel = "DIR",
            description = "the sample bundles and publisher-trust.p12 (default: target/bundles beside the host jar)")
    Path bundlesDirectory;

    SampleBundles bundles() {
        return bundlesDirectory == null ? SampleBundles.besideHost() : SampleBundles.in(bundlesDirectory);
    }
}
