package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.SolanaAccountsConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.Global;
import io.chainwatch.solana.pump.PumpAccountDecoder;
import io.chainwatch.solana.pump.PumpEvent;
import io.chainwatch.solana.pump.PumpProgram;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The Solana feed's account sources, a second view of the curves beside the events: pump's Global
 * account read at start (getAccountInfo); curves whose events carry no reserves read
 * (getMultipleAccounts); when configured, every BondingCurve and the Global followed (over the
 * WebSocket here, or in the gRPC stream, which asks with {@link #watch()}), and the curves open on
 * chain listed (getProgramAccounts, addresses only) to find curves the book holds open or closed
 * against the chain, whose accounts are then read. Account states go to the book, each at its slot.
 *
 * <p>Owned by the feed thread, which runs everything here but {@link #ensureSubscription} (the
 * scorer's); answers come back as tasks on {@code feedThread}.
 */
final class AccountFollower {
    private static final Logger log = LoggerFactory.getLogger(AccountFollower.class);
    private static final long RETRY_AFTER_MS = 3_000;

    /** Where account states come from. */
    enum Source { GRPC, WS, RPC }

    /** What the feed does when an account changed its curve. */
    interface CurveChanged {
        void changed(PublicKey mint, long slot);
    }

    private final SolanaAccountsConfig config;
    private final SolanaRpc rpc;
    private final EndpointPool rpcPool;
    private final EndpointPool streamPool;
    private final int maxMessageBytes;
    private final CurveBook book;
    private final Executor feedThread;
    private final InstantSource clock;
    private final CurveChanged onChange;
    private final CurveAccounts curves;
    private final Map<Source, Counter> received = new EnumMap<>(Source.class);
    private final Counter applied;
    private final Counter unmatched;
    private final Counter refused;
    private final Counter undecodable;
    private final Counter disagreements;
    private final Counter reconciliations;
    private volatile AccountsStream subscription;
    private volatile boolean connecting;

    // ---- owned by the feed thread ------------------------------------------------------------
    private boolean globalRead;
    private boolean reading;
    private long retryAtMs;
    private boolean reconciling;
    private final java.util.function.LongSupplier settledThrough;
    private Listing waiting;
    private long lastReconcileMs;

    /**
     * The feed's parts this uses: where to ask, what to change, and the thread answers go to.
     *
     * @param settledThrough the highest slot through which every slot is settled into the book (-1 before any)
     */
    record Parts(SolanaRpc rpc, EndpointPool rpcPool, EndpointPool streamPool, int maxMessageBytes, CurveBook book,
                 Executor feedThread, InstantSource clock, CurveChanged onChange, java.util.function.LongSupplier settledThrough) {
    }

    /** A listing of open curves waiting for the book to settle through its slot before it is compared. */
    private record Listing(Set<PublicKey> open, long slot) {
    }

    AccountFollower(SolanaAccountsConfig config, Parts parts, MeterRegistry metrics, String chain) {
        this.config = config;
        this.rpc = parts.rpc();
        this.rpcPool = parts.rpcPool();
        this.streamPool = parts.streamPool();
        this.maxMessageBytes = parts.maxMessageBytes();
        this.settledThrough = parts.settledThrough();
        this.book = parts.book();
        this.feedThread = parts.feedThread();
        this.clock = parts.clock();
        this.onChange = parts.onChange();
        this.curves = new CurveAccounts(config.subscribe() || config.reconcileIntervalMs() > 0);
        for (Source source : Source.values()) {
            received.put(source, Counter.builder("chainwatch_solana_account_updates_received_total").tag("chain", chain)
                    .tag("source", source.name().toLowerCase(Locale.ROOT)).description("account states received, by where they came from")
                    .register(metrics));
        }
        this.applied = outcome(metrics, chain, "applied", "account states applied to the book");
        this.unmatched = outcome(metrics, chain, "unmatched", "curve accounts of mints no event has named yet");
        this.refused = outcome(metrics, chain, "refused", "account states the book refused (a retracted slot)");
        this.undecodable = outcome(metrics, chain, "undecodable", "account data that is not a pump account");
        this.disagreements = Counter.builder("chainwatch_solana_curve_disagreements_total").tag("chain", chain)
                .description("curves the book held open or closed while the chain's listing said otherwise; each is read again")
                .register(metrics);
        this.reconciliations = Counter.builder("chainwatch_solana_curve_reconciliations_total").tag("chain", chain)
                .description("listings of the curves open on chain compared with the book").register(metrics);
    }

    private static Counter outcome(MeterRegistry metrics, String chain, String result, String description) {
        return Counter.builder("chainwatch_solana_account_updates_total").tag("chain", chain).tag("result", result)
                .description(description).register(metrics);
    }

    /** What a gRPC stream should follow besides transactions: null when accounts are not subscribed. */
    GeyserStream.AccountWatch watch() {
        return config.subscribe() ? new GeyserStream.AccountWatch(PumpProgram.ID, CurveAccounts.BONDING_CURVE_PREFIX,
                List.of(PumpProgram.GLOBAL)) : null;
    }

    /** Notes the curve an event names, so that its account's updates find it. */
    void learn(PumpEvent event) {
        curves.learn(event);
    }

    /** Asks for {@code mint}'s curve account to be read: its events left it without reserves. */
    void needs(PublicKey mint) {
        curves.needs(mint);
    }

    /** Reads what is due: the Global account, curves asked for, the listing of open curves. */
    void step(Commitment level) {
        if (waiting != null && settledThrough.getAsLong() >= waiting.slot()) {
            Listing l = waiting;
            waiting = null;
            compare(l.open(), l.slot());
        }
        long now = clock.millis();
        boolean readDue = !reading && now >= retryAtMs && (!globalRead || curves.hasReads());
        boolean reconcileDue = config.reconcileIntervalMs() > 0 && !reconciling && waiting == null
                && now - lastReconcileMs >= config.reconcileIntervalMs();
        if (!readDue && !reconcileDue) {
            return; // the feed loop calls this often: no endpoint is ranked for nothing
        }
        Optional<Endpoint> e = rpcPool.ranked().stream().findFirst();
        if (e.isEmpty()) {
            return;
        }
        Commitment at = SolanaRpc.blockLevel(level);
        if (readDue) {
            read(e.get(), at);
        }
        if (reconcileDue) {
            reconcile(e.get(), at, now);
        }
    }

    /** Reads, one call at a time, the Global account until it is read, then curve accounts asked for. */
    private void read(Endpoint e, Commitment at) {
        if (!globalRead) {
            reading = true;
            rpc.account(e, PumpProgram.GLOBAL, null, at).whenComplete((a, err) -> feedThread.execute(() -> {
                if (err == null && a.value().isPresent()) {
                    accept(Source.RPC, a.slot(), PumpProgram.GLOBAL, a.value().get().data());
                }
                readDone(List.of(), err != null ? SolanaFeed.message(err) : a.value().isEmpty() ? "no Global account" : null);
                globalRead |= err == null && a.value().isPresent();
            }));
            return;
        }
        List<PublicKey> mints = curves.takeReads(SolanaRpc.MAX_MULTIPLE_ACCOUNTS);
        if (mints.isEmpty()) {
            return;
        }
        reading = true;
        List<PublicKey> addresses = mints.stream().map(curves::curveOf).toList();
        rpc.accounts(e, addresses, null, at).whenComplete((a, err) -> feedThread.execute(() -> {
            for (int i = 0; err == null && i < addresses.size(); i++) {
                Optional<SolanaRpc.Account> account = a.value().get(i);
                if (account.isPresent()) {
                    accept(Source.RPC, a.slot(), addresses.get(i), account.get().data());
                }
            }
            readDone(mints, err == null ? null : SolanaFeed.message(err));
        }));
    }

    private void readDone(List<PublicKey> mints, String why) {
        reading = false;
        if (why != null) {
            retryAtMs = clock.millis() + RETRY_AFTER_MS;
            mints.forEach(curves::needs);
            log.warn("solana account read failed ({}); trying again in {} ms", why, RETRY_AFTER_MS);
        }
    }

    /** Lists the curves open on chain (their addresses only: the data slice is empty) to compare with the book. */
    private void reconcile(Endpoint e, Commitment at, long now) {
        reconciling = true;
        lastReconcileMs = now;
        List<SolanaRpc.Memcmp> open = List.of(new SolanaRpc.Memcmp(0, CurveAccounts.BONDING_CURVE_PREFIX),
                new SolanaRpc.Memcmp(PumpProgram.BONDING_CURVE_COMPLETE_OFFSET, new byte[] {0}));
        rpc.programAccounts(e, PumpProgram.ID, open, new SolanaRpc.DataSlice(0, 0), at).whenComplete((a, err) -> feedThread.execute(() -> {
            reconciling = false;
            if (err != null) {
                log.debug("solana curve listing failed: {}", SolanaFeed.message(err));
                return;
            }
            // A book behind the listing lacks events the chain has: judged now, every curve those events
            // changed would look wrong. Compared once the book is settled through the listing's slot.
            waiting = new Listing(Set.copyOf(a.value().keySet()), a.slot());
        }));
    }

    private void compare(Set<PublicKey> open, long slot) {
        reconciliations.increment();
        int found = curves.disagreements(open, slot, book);
        if (found > 0) {
            disagreements.increment(found);
            log.warn("solana: {} curves disagree with the chain's listing at slot {} (open or complete); reading their accounts", found,
                    slot);
        }
    }

    /** Applies an account's state at {@code slot}: pump's Global to the book's parameters, a BondingCurve to its mint's curve. */
    void accept(Source source, long slot, PublicKey address, byte[] data) {
        received.get(source).increment();
        DecodeResult<ProgramAccount> decoded = PumpAccountDecoder.INSTANCE.decode(data, 0, data.length);
        if (!(decoded instanceof DecodeResult.Decoded<ProgramAccount> d)) {
            undecodable.increment();
            return;
        }
        switch (d.value()) {
            case Global g -> {
                book.applyGlobal(g);
                applied.increment();
            }
            case BondingCurve bc -> {
                Optional<PublicKey> mint = curves.mintOf(address);
                if (mint.isEmpty()) {
                    unmatched.increment();
                } else if (book.applyAccount(mint.get(), slot, bc) != CurveBook.Outcome.APPLIED) {
                    refused.increment();
                } else {
                    applied.increment();
                    onChange.changed(mint.get(), slot);
                }
            }
            default -> undecodable.increment();
        }
    }

    /**
     * Keeps one account subscription open when configured, on the best WebSocket endpoint, unless the
     * live stream is gRPC (which then follows the accounts itself). Runs on the scorer thread.
     */
    void ensureSubscription(LiveStream live, Commitment level) {
        if (!config.subscribe() || connecting) {
            return;
        }
        AccountsStream a = subscription;
        if (live instanceof GeyserStream && live.isOpen()) {
            if (a != null) {
                a.close();
                subscription = null;
            }
            return;
        }
        if (a != null && a.isOpen() && a.endpoint().usable()) {
            return;
        }
        Optional<Endpoint> target = streamPool.ranked().stream().findFirst();
        if (target.isEmpty()) {
            return;
        }
        if (a != null) {
            a.close();
        }
        connecting = true;
        AccountsStream.open(target.get(), PumpProgram.ID, CurveAccounts.BONDING_CURVE_PREFIX, List.of(PumpProgram.GLOBAL),
                SolanaRpc.blockLevel(level), maxMessageBytes, listener).whenComplete((opened, err) -> {
                    connecting = false;
                    if (err != null) {
                        log.warn("solana account subscription on {} failed: {}", target.get().id(), SolanaFeed.message(err));
                    } else {
                        subscription = opened;
                    }
                });
    }

    private final AccountsStream.Listener listener = new AccountsStream.Listener() {
        @Override
        public void onAccount(AccountsStream from, PublicKey address, long slot, byte[] data) {
            feedThread.execute(() -> accept(Source.WS, slot, address, data));
        }

        @Override
        public void onClosed(AccountsStream from, EndpointException cause) {
            log.warn("solana account subscription on {} lost: {}", from.endpoint().id(), cause.getMessage());
        }
    };

    void close() {
        AccountsStream a = subscription;
        if (a != null) {
            a.close();
        }
    }
}
