package io.patchbay.tuf.impl.http;

import io.patchbay.crypto.api.PinnedTrustManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Socket factory for pinned connections: the only trust is the pin set (see {@link PinnedTrustManager}),
 * and every socket it makes speaks TLS 1.3 and nothing older. A "TLSv1.3" SSLContext alone would still
 * enable TLS 1.2 on its sockets, hence the wrapper.
 */
final class PinnedTls extends SSLSocketFactory {

    private static final String[] PROTOCOLS = {"TLSv1.3"};
    private final SSLSocketFactory delegate;

    private PinnedTls(SSLSocketFactory delegate) {
        this.delegate = delegate;
    }

    static SSLSocketFactory socketFactory(List<String> pins) {
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {new PinnedTrustManager(pins)}, new SecureRandom());
            return new PinnedTls(context.getSocketFactory());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is not available in this JRE", e);
        }
    }

    private static Socket only13(Socket socket) {
        ((SSLSocket) socket).setEnabledProtocols(PROTOCOLS);
        return socket;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return only13(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return only13(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return only13(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return only13(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return only13(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return only13(delegate.createSocket(address, port, localAddress, localPort));
    }
}
