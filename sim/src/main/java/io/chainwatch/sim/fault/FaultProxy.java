package io.chainwatch.sim.fault;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP proxy on 127.0.0.1 that a test puts between a client and a real server (an RPC node, a
 * WebSocket feed) and then breaks on command. It forwards raw bytes both ways, so HTTP keep-alive
 * and WebSocket upgrades pass through untouched.
 *
 * <p>Switches, each of which replaces the one before:
 * <ul>
 *   <li>{@link #heal()}: forward everything at once (the initial state);</li>
 *   <li>{@link #refuse()}: cut every open connection, and close each new one as soon as it is
 *       accepted;</li>
 *   <li>{@link #stall()}: accept and keep connections open, but forward nothing; bytes already read
 *       are held and delivered, in order, after {@link #heal()};</li>
 *   <li>{@link #latency(long)}: hold each forwarded chunk for a fixed time, in each direction;</li>
 * </ul>
 * and one action, {@link #drop()}, which cuts every open connection once and leaves the switch
 * as it was. Cuts are abortive (TCP RST), as a peer sees a crashed server or a broken path.
 *
 * <p>Threads: one virtual thread accepts; each connection gets one virtual thread per direction,
 * each with a single {@value #CHUNK_BYTES}-byte buffer, so a stalled or slow connection holds at
 * most that much per direction and back-pressure reaches the sender through TCP.
 *
 * <p>The switches may be called from any thread. The current behaviour and the set of open
 * connections are owned by this proxy and guarded by its lock. It stays one class (just over 400
 * lines) because the switches, the accept loop and the pumps all share that lock and that set.
 */
public final class FaultProxy implements AutoCloseable {
    static final int CHUNK_BYTES = 16 * 1024;
    private static final int UPSTREAM_CONNECT_TIMEOUT_MS = 5_000;
    private static final long CLOSE_JOIN_TIMEOUT_MS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);

    /** What the proxy does to traffic. Immutable; a switch swaps in a whole new value. */
    private record Behaviour(Mode mode, long delayMs) {
        static final Behaviour FORWARD = new Behaviour(Mode.FORWARD, 0);
    }

    private enum Mode { FORWARD, REFUSE, STALL }

    /**
     * Counts since start, read at one moment. {@code accepted} counts every TCP connection taken,
     * the refused ones too; {@code cut} counts connections ended by {@link #refuse()},
     * {@link #drop()} or {@link #close()}; {@code bytesForwarded} sums both directions.
     */
    public record Counts(long accepted, long refused, long cut, long bytesForwarded) {}

    private final InetSocketAddress upstream;
    private final ServerSocket server;
    private final Thread acceptor;

    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled whenever the behaviour changes or a connection is cut, to wake stalled pumps. */
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}. */
    private Behaviour behaviour = Behaviour.FORWARD;
    /** Guarded by {@link #lock}. */
    private final Set<Link> links = new HashSet<>();
    /** Guarded by {@link #lock}. */
    private boolean closed;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder cut = new LongAdder();
    private final LongAdder bytesForwarded = new LongAdder();

    private FaultProxy(InetSocketAddress upstream, ServerSocket server) {
        this.upstream = upstream;
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("fault-proxy-accept-" + server.getLocalPort()).unstarted(this::acceptLoop);
    }

    /** Listens on a free port of 127.0.0.1 and forwards every connection to {@code upstream}. */
    public static FaultProxy start(InetSocketAddress upstream) throws IOException {
        Objects.requireNonNull(upstream, "upstream");
        if (upstream.isUnresolved()) {
            throw new IllegalArgumentException("upstream: cannot resolve host, got " + upstream);
        }
        ServerSocket server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy(upstream, server);
        proxy.acceptor.start();
        return proxy;
    }

    /** The port this proxy listens on, on 127.0.0.1. */
    public int port() {
        return server.getLocalPort();
    }

    /** The address clients should connect to instead of the upstream. */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Forward everything without delay, as if the proxy were not there. */
    public void heal() {
        switchTo(Behaviour.FORWARD);
    }

    /** Cut every open connection and close each new one as soon as it is accepted. */
    public void refuse() {
        switchTo(new Behaviour(Mode.REFUSE, 0));
        cutAll();
    }

    /** Keep accepting and keep connections open, but forward no byte until another switch. */
    public void stall() {
        switchTo(new Behaviour(Mode.STALL, 0));
    }

    /**
     * Hold each chunk {@code delayMs} before forwarding it, in both directions, so a request and
     * its response take at least {@code 2 * delayMs} longer. {@code latency(0)} is {@link #heal()}.
     */
    public void latency(long delayMs) {
        if (delayMs < 0) {
            throw new IllegalArgumentException("latency: delayMs must be >= 0, got " + delayMs);
        }
        switchTo(new Behaviour(Mode.FORWARD, delayMs));
    }

    /** Cut every connection open now; keep the current switch and keep accepting. */
    public void drop() {
        cutAll();
    }

    public Counts counts() {
        return new Counts(accepted.sum(), refused.sum(), cut.sum(), bytesForwarded.sum());
    }

    /** Stops listening and cuts every connection. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
        } finally {
            lock.unlock();
        }
        try {
            server.close();
        } catch (IOException e) {
            log.warn("fault proxy on port {}: closing the listening socket failed", port(), e);
        }
        cutAll();
        try {
            if (!acceptor.join(java.time.Duration.ofMillis(CLOSE_JOIN_TIMEOUT_MS))) {
                log.warn("fault proxy on port {}: accept thread did not stop within {} ms", port(), CLOSE_JOIN_TIMEOUT_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void switchTo(Behaviour next) {
        lock.lock();
        try {
            behaviour = next;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void cutAll() {
        List<Link> victims;
        lock.lock();
        try {
            victims = new ArrayList<>(links);
            links.clear();
            for (Link link : victims) {
                link.cut = true;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        for (Link link : victims) {
            cut.increment();
            link.abort();
        }
    }

    private void acceptLoop() {
        while (true) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (!isClosed()) {
                    log.error("fault proxy on port {}: accept failed, proxy stops accepting", port(), e);
                }
                return;
            }
            accepted.increment();
            Link link = new Link(client);
            if (!register(link)) {
                refused.increment();
                link.abort();
                continue;
            }
            Thread.ofVirtual().name("fault-proxy-" + port() + "-up-" + client.getPort()).start(() -> connect(link));
        }
    }

    /** Adds a fresh link unless the proxy refuses or is closed; a later cut will see it. */
    private boolean register(Link link) {
        lock.lock();
        try {
            if (closed || behaviour.mode() == Mode.REFUSE) {
                return false;
            }
            links.add(link);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Runs on the link's first thread: dials upstream, then pumps client to upstream. */
    private void connect(Link link) {
        Socket up = new Socket();
        try {
            up.setTcpNoDelay(true);
            up.connect(upstream, UPSTREAM_CONNECT_TIMEOUT_MS);
            link.client.setTcpNoDelay(true);
        } catch (IOException e) {
            log.debug("fault proxy on port {}: upstream {} not reachable: {}", port(), upstream, e.toString());
            closeQuietly(up);
            finish(link, true);
            return;
        }
        if (!attach(link, up)) {
            return;
        }
        Thread.ofVirtual().name("fault-proxy-" + port() + "-down-" + link.client.getPort())
                .start(() -> pump(link, up, link.client));
        pump(link, link.client, up);
    }

    private boolean attach(Link link, Socket up) {
        lock.lock();
        try {
            if (!link.cut) {
                link.upstream = up;
                return true;
            }
        } finally {
            lock.unlock();
        }
        abort(up);
        return false;
    }

    /** Copies one direction until end of stream, then half-closes the other side. */
    private void pump(Link link, Socket from, Socket to) {
        byte[] chunk = new byte[CHUNK_BYTES];
        try {
            // Not try-with-resources: closing a socket's stream closes the socket, and the other
            // direction may still be sending.
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(chunk)) >= 0) {
                awaitTurn(link);
                out.write(chunk, 0, n);
                out.flush();
                bytesForwarded.add(n);
            }
            awaitTurn(link);
            to.shutdownOutput();
            finish(link, false);
        } catch (IOException e) {
            finish(link, true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish(link, true);
        }
    }

    /** Blocks while stalled, then applies the latency; throws once the link has been cut. */
    private void awaitTurn(Link link) throws InterruptedException, SocketException {
        long delayMs = admit(link);
        if (delayMs > 0) {
            TimeUnit.MILLISECONDS.sleep(delayMs);
            admit(link);
        }
    }

    private long admit(Link link) throws InterruptedException, SocketException {
        lock.lock();
        try {
            while (!link.cut && behaviour.mode() == Mode.STALL) {
                changed.await();
            }
            if (link.cut) {
                throw new SocketException("connection cut by fault proxy");
            }
            return behaviour.delayMs();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by each pump when it ends. A failed pump tears the whole link down; a clean one
     * (end of stream forwarded) closes the link only when the other direction has also ended.
     */
    private void finish(Link link, boolean failed) {
        boolean last = link.pumpsLeft.decrementAndGet() <= 0;
        if (!failed && !last) {
            return;
        }
        lock.lock();
        try {
            links.remove(link);
            link.cut = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (failed) {
            link.abort();
        } else {
            link.closeGracefully();
        }
    }

    private static void abort(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // Already closed: nothing left to reset.
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket that failed is best effort; the peer sees the reset either way.
        }
    }

    /**
     * One client connection and its upstream twin. {@code cut} is guarded by the proxy's lock;
     * {@code upstream} is written once, under that lock, before anyone who reads it can need it.
     */
    private static final class Link {
        final Socket client;
        volatile Socket upstream;
        boolean cut;
        final AtomicInteger pumpsLeft = new AtomicInteger(2);

        Link(Socket client) {
            this.client = client;
        }

        void abort() {
            FaultProxy.abort(client);
            Socket up = upstream;
            if (up != null) {
                FaultProxy.abort(up);
            }
        }

        void closeGracefully() {
            closeQuietly(client);
            Socket up = upstream;
            if (up != null) {
                closeQuietly(up);
            }
        }
    }
}
