package io.chainwatch.sim.solana;

import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.EndpointServer;
import io.chainwatch.sim.internal.MildChaos;
import io.chainwatch.sim.solana.internal.AccountStore;
import io.chainwatch.sim.solana.internal.GeyserHub;
import io.chainwatch.sim.solana.internal.GeyserServer;
import io.chainwatch.sim.solana.internal.Ledger;
import io.chainwatch.sim.solana.internal.LedgerListener;
import io.chainwatch.sim.solana.internal.SlotLoop;
import io.chainwatch.sim.solana.internal.SolBlock;
import io.chainwatch.sim.solana.internal.SolSub;
import io.chainwatch.sim.solana.internal.SolTx;
import io.chainwatch.sim.solana.internal.SolanaFaultState;
import io.chainwatch.sim.solana.internal.SolanaHub;
import io.chainwatch.sim.solana.internal.SolanaRpc;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A simulated Solana cluster with pump.fun activity, served over real Solana JSON-RPC (HTTP),
 * PubSub (WebSocket) and Yellowstone gRPC (Geyser) on several loopback endpoints, each with its
 * own fault switches. Slots pass at a set rate or on request; some are skipped, some blocks are
 * abandoned by forks; blocks become confirmed and finalized a set number of slots behind the tip.
 * The pump.fun transactions (creates, buys, sells, completions, migrations, decoys, failures) are
 * encoded as on mainnet.
 *
 * <p>One simulator thread owns the ledger; this class is a thread-safe handle. The ground-truth
 * methods read the latest published snapshot; {@link #produceSlots}, {@link #skipSlots} and
 * {@link #fork} run on the simulator thread and return once every endpoint has the change queued
 * for its subscribers.
 *
 * <pre>{@code
 * try (SolanaSimulator sim = SolanaSimulator.start(SolanaSimConfig.manual(42))) {
 *     URI rpc = sim.endpoint(0).httpUrl();
 *     sim.produceSlots(40);
 * }
 * }</pre>
 *
 * <p>Transports: each endpoint's WebSocket hub and its Geyser hub are {@code LedgerListener}s of
 * the simulator thread (they hear every published ledger snapshot and every abandoned block); the
 * Geyser server has a port of its own ({@link SolanaSimEndpoint#grpcUrl()}) and the endpoint's
 * fault switches. Its streams' queues have the bound of the WebSocket queues
 * ({@link SolanaSimConfig#subscriberQueueMessages()}), and load production waits for both.
 */
public final class SolanaSimulator implements AutoCloseable {
    /** Keeps the Geyser hubs' drop randoms apart from the WebSocket hubs'. */
    private static final long GEYSER_SEED = 0x4745_5953_4552L; // "GEYSER"

    private final SolanaSimConfig config;
    private final Ledger ledger;
    private final SlotLoop loop;
    private final List<SolanaSimEndpoint> endpoints;
    /** Guarded by this. */
    private final List<MildChaos> chaos = new ArrayList<>();

    private SolanaSimulator(SolanaSimConfig config, Ledger ledger, SlotLoop loop, List<SolanaSimEndpoint> endpoints) {
        this.config = config;
        this.ledger = ledger;
        this.loop = loop;
        this.endpoints = List.copyOf(endpoints);
    }

    /**
     * Makes the first block (pump's Global account and the initial curves), opens the endpoints and
     * starts passing slots as {@link SolanaSimConfig#production()} says.
     */
    public static SolanaSimulator start(SolanaSimConfig config) {
        Ledger ledger = new Ledger(config.historySlots(), config.confirmationDepth(), config.finalizationDepth());
        AccountStore accounts = new AccountStore();
        List<SolanaFaultState> faults = new ArrayList<>();
        List<EndpointCounters> counters = new ArrayList<>();
        List<SolanaHub> hubs = new ArrayList<>();
        List<GeyserHub> geyserHubs = new ArrayList<>();
        for (int i = 0; i < config.endpoints(); i++) {
            long seed = config.seed() * 31 + i + 1;
            faults.add(new SolanaFaultState(seed));
            counters.add(new EndpointCounters());
            hubs.add(new SolanaHub(faults.get(i), counters.get(i), ~seed));
            geyserHubs.add(new GeyserHub(faults.get(i), seed ^ GEYSER_SEED, config.clock()));
        }
        List<LedgerListener> listeners = new ArrayList<>(hubs);
        listeners.addAll(geyserHubs);
        SlotLoop loop = new SlotLoop(config, ledger, accounts, listeners);
        List<SolanaSimEndpoint> endpoints = new ArrayList<>();
        try {
            for (int i = 0; i < config.endpoints(); i++) {
                SolanaRpc rpc = new SolanaRpc(ledger, accounts, faults.get(i), counters.get(i));
                EndpointServer<SolSub> server = new EndpointServer<>("solana-sim", rpc::answer, hubs.get(i).connections(),
                        faults.get(i)::snapshot, counters.get(i), config.subscriberQueueMessages());
                GeyserServer geyser = new GeyserServer(i, ledger, geyserHubs.get(i), faults.get(i), counters.get(i), loop::refresh,
                        config.subscriberQueueMessages(), config.clock());
                endpoints.add(new SolanaSimEndpoint(i, server, geyser, faults.get(i), counters.get(i), hubs.get(i), loop::refresh));
                server.start();
                geyser.start();
            }
            loop.start(); // prepared slots are made here: it may run out of memory
        } catch (RuntimeException | Error e) {
            // Jetty's threads are not daemons: a simulator that fails to start must not keep the JVM alive.
            // (Stopping an endpoint whose servers never started does nothing.)
            loop.close();
            endpoints.forEach(SolanaSimEndpoint::down);
            throw e;
        }
        return new SolanaSimulator(config, ledger, loop, endpoints);
    }

    public SolanaSimConfig config() {
        return config;
    }

    public SolanaSimEndpoint endpoint(int index) {
        if (index < 0 || index >= endpoints.size()) {
            throw new IllegalArgumentException("endpoint index: need 0.." + (endpoints.size() - 1) + ", got " + index);
        }
        return endpoints.get(index);
    }

    public List<SolanaSimEndpoint> endpoints() {
        return endpoints;
    }

    /** The HTTP JSON-RPC URL of every endpoint, in index order. */
    public List<URI> httpUrls() {
        return endpoints.stream().map(SolanaSimEndpoint::httpUrl).toList();
    }

    /** The WebSocket URL of every endpoint, in index order. */
    public List<URI> wsUrls() {
        return endpoints.stream().map(SolanaSimEndpoint::wsUrl).toList();
    }

    /** The Yellowstone gRPC (Geyser) URL of every endpoint, in index order. */
    public List<URI> grpcUrls() {
        return endpoints.stream().map(SolanaSimEndpoint::grpcUrl).toList();
    }

    /** Passes {@code n} slots as configured (with its skip and fork rates); subscribers get each slot as it passes. */
    public List<SlotOutcome> produceSlots(int n) {
        requireCount("produceSlots", n);
        return loop.produce(n);
    }

    /** The next {@code n} slots pass without a block, as when their leaders produce none. */
    public List<SlotOutcome> skipSlots(int n) {
        requireCount("skipSlots", n);
        return loop.skip(n);
    }

    /**
     * Abandons the newest {@code depth} blocks (all must be above the confirmed slot) and builds the
     * next slot's block on their parent. The abandoned blocks were announced at processed; they
     * never become confirmed, and once finalized past, getBlock answers their slots as skipped.
     */
    public ForkOutcome fork(int depth) {
        return loop.fork(depth);
    }

    /** The slot a commitment level has reached now. */
    public long slot(Commitment commitment) {
        return ledger.view().slot(commitment);
    }

    /** The canonical block at {@code slot}, if the slot has one and it is still kept. */
    public Optional<SimSolanaBlock> block(long slot) {
        SolBlock b = ledger.view().block(slot);
        return b == null ? Optional.empty() : Optional.of(groundTruth(b));
    }

    /** The transaction with this signature in any kept block, canonical or abandoned. */
    public Optional<SimSolanaTransaction> transaction(String signature) {
        Ledger.TxRef ref = ledger.transaction(signature);
        return ref == null ? Optional.empty() : Optional.of(groundTruth(ref.block(), ref.index()));
    }

    /** True when the block at {@code slot} is canonical now (produced and not abandoned). */
    public boolean isCanonical(long slot) {
        return ledger.view().block(slot) != null;
    }

    /**
     * Every bonding curve the market holds now, sorted by mint: at the processed tip, or, while
     * slots made ahead wait for release ({@link #slotsAhead()}), after the newest of them.
     */
    public List<SimCurve> curves() {
        return loop.curves();
    }

    /**
     * Slots made ahead and not yet released ({@link SlotProduction.Prepared}, {@link SlotProduction.Load}
     * with slots ahead): zero once production is live, as a load run can check at its end.
     */
    public int slotsAhead() {
        return loop.slotsAhead();
    }

    /** What was produced so far, slot by slot, for coverage checks. */
    public ProductionRecord productionRecord() {
        return loop.record();
    }

    /**
     * From now on, every {@code period} or so, gives endpoint {@code index} one mild fault for a
     * while (latency, a few errors, a short lag, a few dropped notifications, or a second down),
     * then heals it. For the demo; tests switch faults themselves.
     */
    public synchronized void startMildChaos(int index, Duration period) {
        MildChaos c = new MildChaos("solana-sim", endpoint(index), period, config.seed() + 7919L * (index + 1));
        chaos.add(c);
        c.start();
    }

    /** Stops slot production and closes every endpoint. */
    @Override
    public void close() {
        synchronized (this) {
            chaos.forEach(MildChaos::close);
            chaos.clear();
        }
        loop.close();
        for (SolanaSimEndpoint e : endpoints) {
            e.down();
        }
    }

    private static SimSolanaBlock groundTruth(SolBlock b) {
        List<SimSolanaTransaction> txs = new ArrayList<>(b.transactions().size());
        for (int i = 0; i < b.transactions().size(); i++) {
            txs.add(groundTruth(b, i));
        }
        return new SimSolanaBlock(b.slot(), b.parentSlot(), b.blockHeight(), b.blockhash().base58(), b.previousBlockhash().base58(),
                b.blockTime(), List.copyOf(txs));
    }

    private static SimSolanaTransaction groundTruth(SolBlock b, int index) {
        SolTx t = b.transactions().get(index);
        return new SimSolanaTransaction(b.slot(), index, t.signature(), t.signatureTexts(), t.accountKeys(), t.version(), t.errJson(),
                t.logs(), t.events());
    }

    private static void requireCount(String what, int n) {
        if (n < 1) {
            throw new IllegalArgumentException(what + ": need at least 1, got " + n);
        }
    }
}
