package io.chainwatch.evm.trade;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.evm.rpc.TxReceipt;
import io.chainwatch.strategy.arb.GasPrice;
import io.chainwatch.strategy.arb.Hop;
import io.chainwatch.strategy.arb.Opportunity;
import io.chainwatch.strategy.exec.Execution;
import io.chainwatch.strategy.exec.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes approved trades on an EVM chain for real: each run of consecutive hops on one DEX becomes
 * one call of that DEX's Router02 ({@code swapExactTokensForTokens} with an {@code amountOutMin} and
 * a deadline), signed with the {@link TradingKey} (EIP-1559), numbered from the account's own nonce
 * count, sent to every usable endpoint and relay at once ({@link Broadcaster}), and followed to its
 * receipt. What the next leg spends is what the receipt shows the last one received; the profit or
 * loss comes from the receipts: tokens received less tokens spent, less the gas actually paid.
 *
 * <p>A route across two DEXes is two transactions, so it is not atomic: when a later leg reverts or
 * cannot be sent, the tokens of the middle are held, and the trade is settled as losing its whole
 * input plus gas (the held tokens valued at nothing, the worst case) with the holding named in its
 * failure, for a person or a risk-reducing trade to unwind. An atomic route needs a contract of
 * our own, which Router02 alone cannot be.
 *
 * <p>The future fails only when nothing was sent (no router for a pool's DEX, no endpoint took it,
 * the first leg would revert): the risk manager then releases the trade's reservation. Trades run
 * one at a time on the executor's own thread, so their nonces are used in order.
 */
public final class LiveEvmExecutor implements Executor, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LiveEvmExecutor.class);
    private static final MathContext MC = MathContext.DECIMAL128;
    private static final long APPROVE_GAS = 100_000;
    /**
     * Gas over the estimate per pair a leg swaps through. A V2 pair writes its two cumulative prices
     * only when the block's second differs from its last update's: a swap estimated in that same
     * second and mined in a later one costs those writes more than the estimate said. For a new pool
     * both slots are still zero: two cold reads and two fresh writes (2 x 22,100) and their arithmetic,
     * inside the router's call, which keeps back a 64th of its gas; 45,324 measured on anvil
     * ({@code LiveTradingOnAnvilTest}), so 50,000. Gas not used is not paid.
     */
    private static final long HEADROOM_GAS_PER_PAIR = 50_000;

    /**
     * @param routers        each DEX's Router02, by the DEX name the pools carry
     * @param deadline       how long after sending a swap may still be mined
     * @param receiptTimeout how long a sent transaction is followed before it counts as lost
     * @param gasHeadroom    the gas limit over the node's estimate (1.25 = a quarter more)
     */
    public record Settings(long chainId, Map<String, Address> routers, Duration deadline, Duration receiptTimeout, Duration receiptPoll,
                           double gasHeadroom) {
        public Settings {
            routers = Map.copyOf(routers);
            if (deadline.isNegative() || deadline.isZero() || receiptTimeout.isNegative() || receiptTimeout.isZero()
                    || receiptPoll.isNegative() || receiptPoll.isZero()) {
                throw new IllegalArgumentException("deadline, receiptTimeout and receiptPoll must be > 0");
            }
            if (!(gasHeadroom >= 1 && gasHeadroom <= 3)) {
                throw new IllegalArgumentException("gasHeadroom: must be in [1, 3], got " + gasHeadroom);
            }
        }
    }

    /** Nothing of the trade was sent: no token moved and no gas was paid. */
    public static final class NotSentException extends RuntimeException {
        NotSentException(String message) {
            super(message);
        }
    }

    private final Settings settings;
    private final TradingKey key;
    private final EndpointPool pool;
    private final EvmRpc rpc;
    private final Broadcaster broadcaster;
    private final InstantSource clock;
    private final ExecutorService thread;
    private final Set<String> approved = new HashSet<>();
    private long nextNonce = -1;

    public LiveEvmExecutor(Settings settings, TradingKey key, EndpointPool pool, EvmRpc rpc, Broadcaster broadcaster, InstantSource clock) {
        this.settings = settings;
        this.key = key;
        this.pool = pool;
        this.rpc = rpc;
        this.broadcaster = broadcaster;
        this.clock = clock;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "chainwatch-live-trades-" + pool.chain());
            t.setDaemon(true);
            return t;
        });
    }

    public Address account() {
        return key.address();
    }

    /**
     * Approves every router to spend each of {@code tokens} ahead of trading, so that no trade waits
     * for (or pays) an approval; the gas these cost, in wei.
     */
    public CompletableFuture<BigInteger> approveRouters(Collection<Address> tokens) {
        return CompletableFuture.supplyAsync(() -> {
            BigInteger gas = BigInteger.ZERO;
            for (Address router : settings.routers().values()) {
                for (Address token : tokens) {
                    gas = gas.add(ensureAllowance(token, router, RouterCalls.MAX_UINT256.shiftRight(1)));
                }
            }
            return gas;
        }, thread);
    }

    @Override
    public CompletableFuture<Execution> execute(String requestId, Opportunity o, BigInteger amountOutMin, GasPrice gas) {
        return CompletableFuture.supplyAsync(() -> run(requestId, o, amountOutMin, gas), thread);
    }

    /** One call of a router: hops {@code from..to-1} of the route, through {@code path}. */
    private record Leg(Address router, List<Address> path, int lastHop) {
    }

    private Execution run(String id, Opportunity o, BigInteger amountOutMin, GasPrice gas) {
        List<Leg> legs = legs(o);
        Address start = legs.getFirst().path().getFirst();
        BigInteger held = RouterCalls.uint(await(rpc.call(endpoint(), key.address(), start, RouterCalls.balanceOf(key.address()))));
        if (held.compareTo(o.amountIn()) < 0) {
            throw new NotSentException("the account holds " + held + " of " + start.hex() + ", the trade needs " + o.amountIn());
        }
        List<BigInteger> predicted = o.route().amountsOut(o.amountIn());
        // Each middle leg may fall short of its prediction by the share the whole route may.
        BigDecimal floor = new BigDecimal(amountOutMin).divide(new BigDecimal(o.amountOut()), MC);
        BigInteger gasWei = BigInteger.ZERO;
        BigInteger amountIn = o.amountIn();
        for (int i = 0; i < legs.size(); i++) {
            Leg leg = legs.get(i);
            boolean last = i == legs.size() - 1;
            BigInteger min = last ? amountOutMin : new BigDecimal(predicted.get(leg.lastHop())).multiply(floor, MC).toBigInteger();
            Address tokenIn = leg.path().getFirst();
            Address tokenOut = leg.path().getLast();
            try {
                gasWei = gasWei.add(ensureAllowance(tokenIn, leg.router(), amountIn));
                String data = RouterCalls.swapExactTokensForTokens(amountIn, min, leg.path(), key.address(),
                        clock.instant().plus(settings.deadline()).getEpochSecond());
                long gasLimit = estimate(leg.router(), data, leg.path().size() - 1);
                TxReceipt receipt = sendAndFollow(leg.router(), data, gasLimit, gas);
                gasWei = gasWei.add(receipt.gasPaidWei());
                if (!receipt.succeeded()) {
                    return failed(id, o, i, gasWei, amountIn, tokenIn, "leg " + (i + 1) + " of " + legs.size() + " reverted in block "
                            + receipt.blockNumber() + " (tx " + receipt.txHash().hex() + "; output below " + min + ", past the deadline, or out of gas: used "
                            + receipt.gasUsed() + " of " + gasLimit + ")");
                }
                amountIn = RouterCalls.received(receipt.logs(), tokenOut, key.address());
            } catch (NotSentException e) {
                if (i == 0 && gasWei.signum() == 0) {
                    throw e;
                }
                return failed(id, o, i, gasWei, amountIn, tokenIn, "leg " + (i + 1) + " of " + legs.size() + " not sent: " + e.getMessage());
            } catch (ReceiptTimeoutException e) {
                return failed(id, o, legs.size(), gasWei.add(e.gasCapWei), amountIn, tokenIn, e.getMessage());
            }
        }
        BigInteger gasCost = gasInRouteToken(o, gasWei);
        return new Execution(id, true, o.amountIn(), amountIn, gasWei, gasCost, amountIn.subtract(o.amountIn()).subtract(gasCost), null);
    }

    /**
     * A trade that stopped at leg {@code at}: before any swap went through its input is still ours
     * and only gas is lost; after, the tokens held in the middle are valued at nothing.
     */
    private Execution failed(String id, Opportunity o, int at, BigInteger gasWei, BigInteger held, Address heldToken, String why) {
        BigInteger gasCost = gasInRouteToken(o, gasWei);
        if (at == 0) {
            return new Execution(id, false, o.amountIn(), BigInteger.ZERO, gasWei, gasCost, gasCost.negate(), why);
        }
        String holding = at >= legs(o).size() ? "; the outcome is unknown until the transaction is found"
                : "; holding " + held + " of " + heldToken.hex() + " to unwind";
        log.error("live trade {} failed: {}{}", id, why, holding);
        return new Execution(id, false, o.amountIn(), BigInteger.ZERO, gasWei, gasCost, o.amountIn().add(gasCost).negate(), why + holding);
    }

    /** Gas in the route's token at the rate the opportunity was priced at (the engine trades only priced ones). */
    private static BigInteger gasInRouteToken(Opportunity o, BigInteger wei) {
        return o.gasInRouteToken(wei).orElseThrow(() -> new IllegalStateException("opportunity without a gas price in " + o.route().token()));
    }

    private List<Leg> legs(Opportunity o) {
        List<Leg> legs = new ArrayList<>();
        List<Hop> hops = o.route().hops();
        Address router = null;
        List<Address> path = null;
        for (int h = 0; h < hops.size(); h++) {
            Hop hop = hops.get(h);
            Address r = settings.routers().get(hop.pool().dex());
            if (r == null) {
                throw new NotSentException("no Router02 configured for DEX " + hop.pool().dex() + " (pool " + hop.pool().address().hex() + ")");
            }
            if (!r.equals(router)) {
                if (path != null) {
                    legs.add(new Leg(router, path, h - 1));
                }
                router = r;
                path = new ArrayList<>(List.of(hop.tokenIn()));
            }
            path.add(hop.tokenOut());
        }
        legs.add(new Leg(router, path, hops.size() - 1));
        return legs;
    }

    /** Makes sure {@code router} may spend {@code amount} of {@code token}; the gas an approval cost, or zero. */
    private BigInteger ensureAllowance(Address token, Address router, BigInteger amount) {
        String pair = token.hex() + router.hex();
        if (approved.contains(pair)) {
            return BigInteger.ZERO;
        }
        Endpoint e = endpoint();
        BigInteger allowance = RouterCalls.uint(await(rpc.call(e, key.address(), token, RouterCalls.allowance(key.address(), router))));
        if (allowance.compareTo(amount) >= 0) {
            approved.add(pair);
            return BigInteger.ZERO;
        }
        TxReceipt r = sendAndFollow(token, RouterCalls.approve(router, RouterCalls.MAX_UINT256), APPROVE_GAS,
                new GasPrice(await(rpc.baseFee(e)), BigInteger.ZERO));
        if (!r.succeeded()) {
            throw new NotSentException("approving " + router.hex() + " for " + token.hex() + " reverted (tx " + r.txHash().hex() + ")");
        }
        approved.add(pair);
        log.info("approved router {} to spend {} for {}", router.hex(), token.hex(), key.address().hex());
        return r.gasPaidWei();
    }

    private long estimate(Address to, String data, int pairs) {
        try {
            long estimate = await(rpc.estimateGas(endpoint(), key.address(), to, data));
            return Math.max((long) Math.ceil(estimate * settings.gasHeadroom()), estimate + HEADROOM_GAS_PER_PAIR * pairs);
        } catch (RuntimeException e) {
            throw new NotSentException("the node's estimate says it would fail: " + Broadcaster.message(e));
        }
    }

    /** Signs, broadcasts and follows one transaction to its receipt. */
    private TxReceipt sendAndFollow(Address to, String data, long gasLimit, GasPrice gas) {
        BigInteger priority = gas.priorityFeeWei();
        BigInteger maxFee = gas.baseFeeWei().shiftLeft(1).add(priority); // room for the base fee to double
        Broadcaster.Sent sent = null;
        for (int attempt = 0; sent == null; attempt++) {
            long nonce = nonce();
            RawTransaction tx = RawTransaction.createTransaction(settings.chainId(), BigInteger.valueOf(nonce), BigInteger.valueOf(gasLimit),
                    to.hex(), BigInteger.ZERO, data, priority, maxFee);
            byte[] signed = key.sign(tx);
            Hash32 hash = Hash32.of(Hex.encode(Hash.sha3(signed)));
            try {
                sent = await(broadcaster.send(Hex.encode(signed), hash));
                nextNonce = nonce + 1;
            } catch (Broadcaster.RefusedException e) {
                nextNonce = -1; // not used, or used elsewhere: ask the chain again
                if (!e.nonceTooLow() || attempt > 0) {
                    throw new NotSentException(e.getMessage());
                }
            }
        }
        if (!sent.refusals().isEmpty()) {
            log.warn("transaction {} taken by {}, refused by {}", sent.txHash().hex(), sent.acceptedBy(), sent.refusals());
        }
        return follow(sent.txHash(), maxFee.multiply(BigInteger.valueOf(gasLimit)));
    }

    private TxReceipt follow(Hash32 hash, BigInteger gasCapWei) {
        long deadline = System.nanoTime() + settings.receiptTimeout().toNanos();
        while (true) {
            for (Endpoint e : endpoints()) {
                try {
                    Optional<TxReceipt> r = await(rpc.receipt(e, hash));
                    if (r.isPresent()) {
                        return r.get();
                    }
                } catch (RuntimeException ex) {
                    log.debug("receipt of {} from {} failed: {}", hash.hex(), e.id(), ex.toString());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new ReceiptTimeoutException("no receipt for " + hash.hex() + " within " + settings.receiptTimeout(), gasCapWei);
            }
            try {
                Thread.sleep(settings.receiptPoll().toMillis());
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new ReceiptTimeoutException("interrupted while waiting for " + hash.hex(), gasCapWei);
            }
        }
    }

    private long nonce() {
        if (nextNonce < 0) {
            nextNonce = await(rpc.pendingNonce(endpoint(), key.address()));
        }
        return nextNonce;
    }

    private Endpoint endpoint() {
        return pool.best().orElseThrow(() -> new NotSentException("no usable endpoint on " + pool.chain()));
    }

    private List<Endpoint> endpoints() {
        List<Endpoint> r = pool.ranked();
        return r.isEmpty() ? pool.all() : r;
    }

    private static <T> T await(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** A sent transaction not seen mined in time: its gas counted at the most it may cost. */
    private static final class ReceiptTimeoutException extends RuntimeException {
        final BigInteger gasCapWei;

        ReceiptTimeoutException(String message, BigInteger gasCapWei) {
            super(message);
            this.gasCapWei = gasCapWei;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
