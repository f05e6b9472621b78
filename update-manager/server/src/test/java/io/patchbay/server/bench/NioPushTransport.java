package io.patchbay.server.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The bench's light clients read their streams here: a few selector threads, each driving its share of the
 * connections through an {@link SSLEngine}, an HTTP/1.1 response parser and a server-sent-events line reader, with no
 * thread and no executor hop per connection or per event. The bench runs these clients on the same cores as the node
 * it measures, so what a client spends per received push is taken from the node: this transport keeps that small
 * (the JDK HttpClient's reactive pipeline costs about 0.1 ms per push; see {@link JdkPushTransport}).
 */
final class NioPushTransport implements PushTransport {
    private final SSLContext tls;
    private final StreamEvents events;
    private final Loop[] loops;

    NioPushTransport(SSLContext tls, StreamEvents events, int threads) throws IOException {
        this.tls = tls;
        this.events = events;
        this.loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("push-client-" + i);
            loops[i].start();
        }
    }

    @Override
    public void open(URI node, int index, Map<String, String> headers) {
        StringBuilder request = new StringBuilder("GET ").append(LightPushClients.STREAM).append(" HTTP/1.1\r\n")
                .append("Host: ").append(node.getHost()).append(':').append(node.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        SSLEngine engine = tls.createSSLEngine(node.getHost(), node.getPort());
        engine.setUseClientMode(true);
        Loop loop = loops[index % loops.length];
        loop.add(new Stream(index, new InetSocketAddress(node.getHost(), node.getPort()), engine,
                request.toString().getBytes(StandardCharsets.US_ASCII), loop));
    }

    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.shutdown();
        }
    }

    /** One selector thread and the streams it drives. */
    private final class Loop extends Thread {
        private final Selector selector = Selector.open();
        private final Queue<Stream> added = new ConcurrentLinkedQueue<>();
        /** Decrypted bytes of one read; shared by the loop's streams because each is parsed before the next read. */
        private ByteBuffer plain = ByteBuffer.allocate(32 * 1024);
        private volatile boolean running = true;

        Loop(String name) throws IOException {
            super(name);
            setDaemon(true);
        }

        void add(Stream stream) {
            added.add(stream);
            selector.wakeup();
        }

        void shutdown() {
            running = false;
            selector.wakeup();
            try {
                join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try (selector) {
                while (running) {
                    selector.select(100);
                    for (Stream stream; (stream = added.poll()) != null; ) {
                        stream.connect(selector);
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        ((Stream) key.attachment()).ready(key);
                    }
                    selector.selectedKeys().clear();
                }
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** One client's stream: TLS, then the response head, then chunked server-sent events. */
    private final class Stream {
        private final int index;
        private final InetSocketAddress address;
        private final SSLEngine engine;
        private final byte[] request;
        private final Loop loop;
        private SocketChannel channel;
        private SelectionKey key;
        private ByteBuffer netIn = ByteBuffer.allocate(4096);
        /** Only while there is something to send (handshake, request); a live stream only reads. */
        private ByteBuffer netOut;
        private boolean requestWrapped;
        private boolean ended;
        private final SseResponse body;

        Stream(int index, InetSocketAddress address, SSLEngine engine, byte[] request, Loop loop) {
            this.index = index;
            this.address = address;
            this.engine = engine;
            this.request = request;
            this.loop = loop;
            this.body = new SseResponse(new SseResponse.Listener() {
                @Override
                public void event(String event, String data) {
                    events.event(index, event, data);
                }

                @Override
                public void busy(long retryAfterSeconds) {
                    end();
                    events.busy(index, retryAfterSeconds);
                }

                @Override
                public void failed(String reason) {
                    fail(reason);
                }
            });
        }

        void connect(Selector selector) {
            try {
                channel = SocketChannel.open();
                channel.configureBlocking(false);
                key = channel.register(selector, SelectionKey.OP_CONNECT, this);
                if (channel.connect(address)) {
                    connected();
                }
            } catch (IOException e) {
                fail("connect: " + e.getMessage());
            }
        }

        void ready(SelectionKey ready) {
            try {
                if (!ready.isValid()) {
                    return;
                }
                if (ready.isConnectable()) {
                    if (channel.finishConnect()) {
                        connected();
                    }
                    return;
                }
                if (ready.isReadable() && channel.read(netIn) < 0) {
                    fail("the node closed the connection");
                    return;
                }
                progress();
            } catch (IOException | RuntimeException e) {
                fail(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }

        private void connected() throws IOException {
            key.interestOps(SelectionKey.OP_READ);
            engine.beginHandshake();
            progress();
        }

        /** Drives the engine until it needs bytes from the network or the socket cannot take more. */
        private void progress() throws IOException {
            while (!ended) {
                if (netOut != null && netOut.position() > 0 && !flush()) {
                    return;
                }
                switch (engine.getHandshakeStatus()) {
                    case NEED_TASK -> {
                        for (Runnable task; (task = engine.getDelegatedTask()) != null; ) {
                            task.run();
                        }
                    }
                    case NEED_WRAP -> wrap(ByteBuffer.allocate(0));
                    case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                        if (!unwrap()) {
                            return;
                        }
                    }
                    default -> {
                        if (!requestWrapped) {
                            requestWrapped = true;
                            wrap(ByteBuffer.wrap(request));
                        } else if (!unwrap()) {
                            if (netOut != null && netOut.position() == 0) {
                                netOut = null;
                            }
                            return;
                        }
                    }
                }
            }
        }

        private void wrap(ByteBuffer data) throws SSLException {
            if (netOut == null) {
                netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            }
            while (true) {
                SSLEngineResult result = engine.wrap(data, netOut);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new SSLException("TLS closed while sending");
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = grow(netOut, engine.getSession().getPacketBufferSize());
                    continue;
                }
                if (!data.hasRemaining() || result.bytesConsumed() == 0) {
                    return;
                }
            }
        }

        /** Writes what is wrapped; false (and waiting for the socket) when it could not take all of it. */
        private boolean flush() throws IOException {
            netOut.flip();
            channel.write(netOut);
            boolean all = !netOut.hasRemaining();
            netOut.compact();
            key.interestOps(all ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            return all;
        }

        /** One unwrap; false when the engine needs more bytes from the network. */
        private boolean unwrap() throws IOException {
            netIn.flip();
            loop.plain.clear();
            SSLEngineResult result = engine.unwrap(netIn, loop.plain);
            netIn.compact();
            switch (result.getStatus()) {
                case BUFFER_UNDERFLOW -> {
                    if (!netIn.hasRemaining()) {
                        netIn = grow(netIn, engine.getSession().getPacketBufferSize());
                    }
                    return false;
                }
                case BUFFER_OVERFLOW -> {
                    loop.plain = grow(loop.plain, engine.getSession().getApplicationBufferSize());
                    return true;
                }
                case CLOSED -> {
                    fail("TLS closed by the node");
                    return false;
                }
                default -> {
                    loop.plain.flip();
                    while (loop.plain.hasRemaining() && !ended && !body.done()) {
                        body.take(loop.plain.get());
                    }
                    return result.bytesConsumed() > 0 || result.bytesProduced() > 0
                            || result.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
                }
            }
        }

        private ByteBuffer grow(ByteBuffer buffer, int atLeast) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, buffer.capacity() * 2));
            buffer.flip();
            bigger.put(buffer);
            return bigger;
        }

        private void end() {
            ended = true;
            if (key != null) {
                key.cancel();
            }
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // closing anyway
            }
        }

        private void fail(String reason) {
            if (!ended) {
                end();
                events.failed(index, reason);
            }
        }
    }
}
