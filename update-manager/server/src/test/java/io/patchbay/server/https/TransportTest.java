package io.patchbay.server.https;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.patchbay.server.api.UpdateServer;
import io.patchbay.crypto.api.TlsPins;
import io.patchbay.server.impl.http.TlsIdentity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS only, TLS 1.3 with 1.2 as the floor, a client pinned to another key fails; what init leaves behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransportTest {
    @TempDir
    static Path dataDirectory;
    @TempDir
    static Path otherDirectory;

    ServerFixture fx;

    @BeforeAll
    void start() throws Exception {
        fx = ServerFixture.h2(dataDirectory, b -> b);
    }

    @AfterAll
    void stop() {
        fx.close();
    }

    private HttpResponse<String> get(HttpClient client) throws Exception {
        return client.send(HttpRequest.newBuilder(fx.uri("/admin/v1/clients")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientTrustingExactlyTheServerCertificateConnectsWithTls13() throws Exception {
        assertEquals(401, get(fx.http).statusCode(), "reached the API (no token)");
        SSLContext context = ServerFixture.trusting(fx.server.certificate());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fx.server.port())) {
            socket.startHandshake();
            assertEquals("TLSv1.3", socket.getSession().getProtocol());
        }
    }

    @Test
    void tls12IsTheFloorAndTls11IsRefused() throws Exception {
        SSLContext context = ServerFixture.trusting(fx.server.certificate());
        assertEquals(401, get(client(context, "TLSv1.2")).statusCode());
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", fx.server.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.startHandshake();
            assertEquals("TLSv1.2", socket.getSession().getProtocol());
        }
        // The JDK disables TLS 1.1 by default too; the server's protocol list (TLSv1.3, TLSv1.2) refuses it anyway.
        assertThrows(IOException.class, () -> get(client(context, "TLSv1.1")));
    }

    @Test
    void aClientPinnedToAnotherCertificateFails() throws Exception {
        X509Certificate other = TlsIdentity.generate(otherDirectory, Clock.systemUTC(), new SecureRandom()).certificate();
        HttpClient pinnedElsewhere = ServerFixture.client(ServerFixture.trusting(other));
        assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> get(pinnedElsewhere));
    }

    @Test
    void thereIsNoPlainHttp() {
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        URI uri = URI.create("http://127.0.0.1:" + fx.server.port() + "/admin/v1/clients");
        assertThrows(IOException.class,
                () -> plain.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void initWritesAnOwnerOnlyKeyExposesThePinAndRefusesToRunTwice() throws Exception {
        X509Certificate onDisk;
        try (InputStream in = Files.newInputStream(fx.init.certificateFile())) {
            onDisk = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        assertEquals(TlsPins.pinSha256(onDisk), fx.init.certificatePinSha256());
        assertEquals(fx.init.certificatePinSha256(), fx.server.certificatePinSha256());
        assertTrue(TlsPins.isWellFormed(fx.init.certificatePinSha256()));
        assertEquals("EC", onDisk.getPublicKey().getAlgorithm());
        for (String secret : new String[] {"server.p12", "server.p12.password"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dataDirectory.resolve("tls").resolve(secret))), secret);
        }
        assertFalse(fx.init.toString().contains(fx.init.adminToken()), "the token stays out of toString");
        assertThrows(FileAlreadyExistsException.class, () -> UpdateServer.builder(dataDirectory).init());
    }

    private static HttpClient client(SSLContext context, String protocol) {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {protocol});
        return HttpClient.newBuilder().sslContext(context).sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1).build();
    }
}
