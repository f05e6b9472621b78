package io.patchbay.bench;

import io.patchbay.framework.impl.verify.PublisherGate;
import io.patchbay.framework.impl.verify.SignerTrust;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The build's publisher trust store, and a publisher gate trusting it, for the verification benchmarks. */
final class PublisherKeys {
    private PublisherKeys() {
    }

    static List<X509Certificate> trusted() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(BenchFiles.trustStore())) {
            store.load(in, BenchFiles.TRUST_PASSWORD);
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            certificates.add((X509Certificate) store.getCertificate(alias));
        }
        return certificates;
    }

    /** The gate as the runtime builds it: default limits, the system clock. */
    static PublisherGate gate() throws IOException, GeneralSecurityException {
        return new PublisherGate(BenchFiles.tempDir("patchbay-bench-verify"), new SignerTrust(trusted(), Clock.systemUTC()));
    }
}
