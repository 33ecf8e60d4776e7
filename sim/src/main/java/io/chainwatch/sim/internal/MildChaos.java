package io.chainwatch.sim.internal;

import io.chainwatch.sim.FaultSwitches;

import java.time.Duration;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Now and then one mild fault on one endpoint for a short while, then healthy again: what
 * {@code chainwatch demo} shows so that failover is visible. Faults: 150 ms latency, 5% errors,
 * a lag of two blocks or slots, 5% dropped notifications, or one second down.
 *
 * <p>Owned by its own virtual thread; the random source is seeded and touched by that thread only.
 */
public final class MildChaos implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MildChaos.class);

    private final FaultSwitches endpoint;
    private final Duration period;
    private final SplittableRandom random;
    private final Thread thread;

    /** @param name prefix of the thread name, such as {@code evm-sim} */
    public MildChaos(String name, FaultSwitches endpoint, Duration period, long seed) {
        if (period.toMillis() < 100) {
            throw new IllegalArgumentException("chaos period: need at least 100 ms, got " + period.toMillis() + " ms");
        }
        this.endpoint = endpoint;
        this.period = period;
        this.random = new SplittableRandom(seed);
        this.thread = Thread.ofVirtual().name(name + "-chaos-" + endpoint.index()).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(period.toMillis() / 2 + random.nextLong(period.toMillis()));
                String fault = inject(random.nextInt(5));
                LOG.info("endpoint {}: {} for a while", endpoint.index(), fault);
                Thread.sleep(fault.equals("down") ? 1_000 : period.toMillis() / 3);
                endpoint.clearFaults();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("chaos on endpoint {} stopped", endpoint.index(), e);
        }
    }

    private String inject(int which) {
        return switch (which) {
            case 0 -> {
                endpoint.latency(150);
                yield "150 ms latency";
            }
            case 1 -> {
                endpoint.errorRate(0.05);
                yield "5% errors";
            }
            case 2 -> {
                endpoint.lagBehind(2);
                yield "lag of 2";
            }
            case 3 -> {
                endpoint.dropNotifications(0.05);
                yield "5% dropped notifications";
            }
            default -> {
                endpoint.down();
                yield "down";
            }
        };
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        endpoint.clearFaults();
    }
}
