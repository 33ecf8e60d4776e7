package io.chainwatch.sim.solana;

import io.chainwatch.sim.EndpointStats;
import io.chainwatch.sim.FaultSwitches;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.EndpointServer;
import io.chainwatch.sim.solana.internal.GeyserServer;
import io.chainwatch.sim.solana.internal.SolSub;
import io.chainwatch.sim.solana.internal.SolanaFaultState;
import io.chainwatch.sim.solana.internal.SolanaHub;
import java.net.URI;
import java.time.Duration;

/**
 * One Solana RPC endpoint of the simulator (JSON-RPC over HTTP and WebSocket on the same loopback
 * port, Yellowstone gRPC on a port of its own) and its fault switches. Every switch takes effect
 * for the next request or notification, from any thread; {@code 0} (or {@code false}) turns a
 * fault off. The switches cover the gRPC server as well: {@link #down()} closes its streams with
 * UNAVAILABLE and its port, {@link #lagBehind} and {@link #dropNotifications} shape its updates,
 * {@link #latency} and {@link #errorRate} its unary calls.
 *
 * <p>A real node serves WebSocket on the RPC port + 1; here both share one port, and
 * {@link #wsUrl()} says which.
 */
public final class SolanaSimEndpoint implements FaultSwitches {
    private final int index;
    private final EndpointServer<SolSub> server;
    private final GeyserServer geyser;
    private final SolanaFaultState faults;
    private final EndpointCounters counters;
    private final SolanaHub hub;
    private final Runnable refresh;

    SolanaSimEndpoint(int index, EndpointServer<SolSub> server, GeyserServer geyser, SolanaFaultState faults, EndpointCounters counters,
            SolanaHub hub, Runnable refresh) {
        this.index = index;
        this.server = server;
        this.geyser = geyser;
        this.faults = faults;
        this.counters = counters;
        this.hub = hub;
        this.refresh = refresh;
    }

    @Override
    public int index() {
        return index;
    }

    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>/}: POST JSON-RPC here. */
    public URI httpUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** {@code ws://127.0.0.1:<port>/}: the same port, upgraded. */
    public URI wsUrl() {
        return URI.create("ws://127.0.0.1:" + port() + "/");
    }

    /** The Yellowstone gRPC (Geyser) port. */
    public int grpcPort() {
        return geyser.port();
    }

    /** {@code http://127.0.0.1:<grpcPort>}: dial the {@code geyser.Geyser} service here, in plaintext (no TLS). */
    public URI grpcUrl() {
        return URI.create("http://127.0.0.1:" + grpcPort());
    }

    /** How often the gRPC server sends each Subscribe stream a ping update (10 s unless changed); at least 10 ms. */
    public void geyserPingInterval(Duration every) {
        geyser.pingInterval(every);
    }

    @Override
    public void down() {
        faults.down(true);
        server.stop();
        geyser.stop();
    }

    @Override
    public void up() {
        server.start();
        geyser.start();
        faults.down(false);
    }

    @Override
    public void latency(long ms) {
        faults.latencyMs(ms);
    }

    /** Answers each call with error -32603 "Internal error" with probability {@code p}. */
    @Override
    public void errorRate(double p) {
        faults.errorRate(p);
    }

    /** Cuts every answer in half, so that it is not JSON. */
    public void malformed(boolean on) {
        faults.malformed(on);
    }

    /** Pads every answer with whitespace to at least {@code bytes} (still valid JSON). */
    public void oversized(int bytes) {
        faults.oversizedBytes(bytes);
    }

    /**
     * Serves and announces the ledger as if this node were {@code slots} slots behind: every
     * commitment level, getSlot, getBlock availability, account reads and subscriptions stop there;
     * getHealth reports the node behind past 128 slots. Lowering the lag makes the subscriptions
     * catch up at once.
     */
    @Override
    public void lagBehind(int slots) {
        faults.lagSlots(slots);
        refresh.run();
    }

    @Override
    public void dropNotifications(double p) {
        faults.dropNotifications(p);
    }

    /**
     * Yellowstone gRPC only: a {@code from_slot} request is served as if it had none, live from now,
     * with no error: a resume that silently jumps ahead, which only a check against the chain can catch.
     */
    public void ignoreFromSlot(boolean on) {
        faults.ignoreFromSlot(on);
    }

    @Override
    public void clearFaults() {
        faults.clearAnswerFaults();
        up();
        refresh.run();
    }

    public SolanaFaults faults() {
        return faults.snapshot();
    }

    public EndpointStats stats() {
        return counters.snapshot(hub.connectionCount());
    }

    @Override
    public String toString() {
        return "SolanaSimEndpoint[" + index + " " + httpUrl() + "]";
    }
}
