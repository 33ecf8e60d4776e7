package io.chainwatch.sim.evm;

import io.chainwatch.sim.EndpointStats;
import io.chainwatch.sim.FaultSwitches;
import io.chainwatch.sim.evm.internal.FaultState;
import io.chainwatch.sim.evm.internal.NotificationHub;
import io.chainwatch.sim.evm.internal.Subscription;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.EndpointServer;
import java.net.URI;

/**
 * One RPC endpoint of the simulator (HTTP and WebSocket on the same loopback port) and its fault
 * switches. Every switch takes effect for the next request or notification, from any thread;
 * {@code 0} (or {@code false}) turns a fault off.
 */
public final class SimEndpoint implements FaultSwitches {
    private final int index;
    private final EndpointServer<Subscription> server;
    private final FaultState faults;
    private final EndpointCounters counters;
    private final NotificationHub hub;
    private final Runnable refresh;

    SimEndpoint(int index, EndpointServer<Subscription> server, FaultState faults, EndpointCounters counters, NotificationHub hub,
            Runnable refresh) {
        this.index = index;
        this.server = server;
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

    /** Closes the port and every connection; connections are refused until {@link #up()}. */
    @Override
    public void down() {
        faults.down(true);
        server.stop();
    }

    /** Opens the same port again. */
    @Override
    public void up() {
        server.start();
        faults.down(false);
    }

    /** Waits {@code ms} before every answer (not before notifications). */
    @Override
    public void latency(long ms) {
        faults.latencyMs(ms);
    }

    /** Answers each call with error -32603 "internal error" with probability {@code p}. */
    @Override
    public void errorRate(double p) {
        faults.errorRate(p);
    }

    /** Cuts every answer in half, so that it is not JSON. */
    public void malformed(boolean on) {
        faults.malformed(on);
    }

    /** Pads every answer with whitespace to at least {@code bytes} (still valid JSON, one huge frame). */
    public void oversized(int bytes) {
        faults.oversizedBytes(bytes);
    }

    /** eth_chainId and net_version answer {@code id}; {@code 0} answers the real one again. */
    public void wrongChainId(long id) {
        faults.wrongChainId(id);
    }

    /**
     * Serves and announces the chain as if this node were {@code blocks} behind: "latest",
     * eth_blockNumber, block look-ups, eth_getLogs and subscriptions all stop there. Lowering the
     * lag makes the subscriptions catch up at once.
     */
    @Override
    public void lagBehind(int blocks) {
        faults.lagBlocks(blocks);
        refresh.run();
    }

    /**
     * eth_blockNumber reports, and newHeads announces, heads {@code blocks} ahead of the real one,
     * with hashes of blocks that do not exist. Logs and block look-ups stay truthful.
     */
    public void lieAboutHead(int blocks) {
        faults.lieBlocks(blocks);
    }

    /** Drops each WebSocket notification with probability {@code p}, silently. */
    @Override
    public void dropNotifications(double p) {
        faults.dropNotifications(p);
    }

    /** Turns every fault off and opens the port if it was down. */
    @Override
    public void clearFaults() {
        faults.clearAnswerFaults();
        up();
        refresh.run();
    }

    public Faults faults() {
        return faults.snapshot();
    }

    public EndpointStats stats() {
        return counters.snapshot(hub.connectionCount());
    }

    @Override
    public String toString() {
        return "SimEndpoint[" + index + " " + httpUrl() + "]";
    }
}
