package io.chainwatch.evm.trade;

import io.chainwatch.endpoints.EndpointPool;
import io.chainwatch.evm.rpc.EvmRpc;
import io.chainwatch.strategy.arb.GasPrice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The chain's gas price as trading needs it: the newest block's base fee, read from the best
 * endpoint every {@code interval}, plus the configured tip. A price older than {@code maxAge} (the
 * endpoints stopped answering) is no price: nothing is traded on a stale one.
 */
public final class GasPrices implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GasPrices.class);

    private record Seen(BigInteger baseFee, Instant at) {
    }

    private final EndpointPool pool;
    private final EvmRpc rpc;
    private final BigInteger priorityFee;
    private final Duration maxAge;
    private final InstantSource clock;
    private final ScheduledExecutorService timer;
    private volatile Seen last;

    public GasPrices(EndpointPool pool, EvmRpc rpc, BigInteger priorityFee, Duration interval, Duration maxAge, InstantSource clock) {
        this.pool = pool;
        this.rpc = rpc;
        this.priorityFee = priorityFee;
        this.maxAge = maxAge;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("gas-" + pool.chain()).factory());
        timer.scheduleWithFixedDelay(this::refresh, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The price now, or empty when none was read within {@code maxAge}. */
    public Optional<GasPrice> current() {
        Seen s = last;
        if (s == null || Duration.between(s.at(), clock.instant()).compareTo(maxAge) > 0) {
            return Optional.empty();
        }
        return Optional.of(new GasPrice(s.baseFee(), priorityFee));
    }

    private void refresh() {
        pool.best().ifPresent(e -> {
            try {
                last = new Seen(rpc.baseFee(e).get(10, TimeUnit.SECONDS), clock.instant());
            } catch (Exception ex) {
                log.debug("base fee from {} failed: {}", e.id(), ex.toString());
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
