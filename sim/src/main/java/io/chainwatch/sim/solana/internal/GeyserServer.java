package io.chainwatch.sim.solana.internal;

import com.google.protobuf.Timestamp;
import io.chainwatch.sim.internal.EndpointCounters;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The Yellowstone gRPC (Geyser) server of one Solana endpoint: HTTP/2 on its own loopback port
 * (Netty), serving {@link GeyserService}, and a keep-alive thread that sends every open stream a
 * ping update every {@link #pingInterval} (10 s by default, as rpcpool's server).
 *
 * <p>{@link #stop} closes every open stream with UNAVAILABLE and then the port, as a node going
 * down does; new calls are refused until {@link #start} opens the same port again.
 *
 * <p>Ownership: the gRPC server, its executor, the ping thread and the port are guarded by this
 * object's lock. The set of open streams is concurrent (gRPC threads add, streams remove
 * themselves). Calls run on virtual threads, so a call that waits (latency) holds no platform
 * thread.
 */
public final class GeyserServer {
    private static final String HOST = "127.0.0.1";
    private static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(10);
    private static final long PING_CHECK_MS = 100;
    private static final long STOP_GRACE_MS = 2_000;

    private final GeyserService.Context context;
    private final Set<GeyserStream> open = ConcurrentHashMap.newKeySet();
    private volatile Duration pingInterval = DEFAULT_PING_INTERVAL;
    private Server server;
    private ExecutorService executor;
    private Thread pinger;
    private int port;

    /**
     * @param endpoint   the endpoint's index, for thread names
     * @param wake       asks the simulator thread to run its listeners soon (never blocks)
     * @param queueLimit bound of each stream's outbound queue, in updates
     */
    public GeyserServer(int endpoint, Ledger ledger, GeyserHub hub, SolanaFaultState faults, EndpointCounters counters, Runnable wake,
            int queueLimit, InstantSource clock) {
        if (queueLimit < 1) {
            throw new IllegalArgumentException("geyser stream queue: need at least 1 update, got " + queueLimit);
        }
        this.context = new GeyserService.Context(endpoint, ledger, hub, faults, counters, wake, queueLimit, clock);
    }

    /** Opens the port: a free one the first time, the same one after a {@link #stop}. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("solana-sim-geyser-" + context.endpoint() + "-", 0)
                .factory());
        Server created = NettyServerBuilder.forAddress(new InetSocketAddress(HOST, port))
                .withOption(ChannelOption.SO_REUSEADDR, true) // the same port again after stop, past TIME_WAIT sockets
                .executor(calls)
                .addService(new GeyserService(context, open))
                // Geyser clients send HTTP/2 keep-alive pings every 10 to 30 s; gRPC's default would answer "too many pings".
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .build();
        try {
            created.start();
        } catch (IOException e) {
            calls.shutdownNow();
            throw new UncheckedIOException("Geyser server of endpoint " + context.endpoint() + ": cannot listen on " + HOST + ":" + port, e);
        }
        port = created.getPort();
        server = created;
        executor = calls;
        pinger = Thread.ofVirtual().name("solana-sim-geyser-ping-" + context.endpoint()).start(this::pingLoop);
    }

    /** Closes every open stream with UNAVAILABLE, then the port. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        for (GeyserStream s : open) {
            s.end(Status.UNAVAILABLE.withDescription("endpoint is down"));
        }
        pinger.interrupt();
        server.shutdown(); // lets the streams' writers send their UNAVAILABLE before the connections close
        try {
            if (!server.awaitTermination(STOP_GRACE_MS, TimeUnit.MILLISECONDS)) {
                server.shutdownNow();
                server.awaitTermination(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        executor.shutdownNow();
        server = null;
        executor = null;
        pinger = null;
    }

    public synchronized int port() {
        return port;
    }

    /** How often every open stream gets a ping update; takes effect within a tenth of a second. */
    public void pingInterval(Duration every) {
        if (every == null || every.toMillis() < 10) {
            throw new IllegalArgumentException("geyser ping interval: need at least 10 ms, got " + every);
        }
        pingInterval = every;
    }

    private void pingLoop() {
        long lastNanos = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long dueInNanos = lastNanos + pingInterval.toNanos() - System.nanoTime();
                if (dueInNanos > 0) {
                    Thread.sleep(Math.min(PING_CHECK_MS, TimeUnit.NANOSECONDS.toMillis(dueInNanos) + 1));
                    continue;
                }
                lastNanos = System.nanoTime();
                Timestamp now = GeyserEncoding.timestamp(context.clock().instant());
                for (GeyserStream s : open) {
                    s.ping(now);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
