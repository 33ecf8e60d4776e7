package io.chainwatch.sim.evm.internal;

import io.chainwatch.sim.evm.Faults;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The faults one endpoint injects now. Written by any thread (tests switch faults at runtime),
 * read by server threads and the simulator thread: the whole setting is one immutable
 * {@link Faults} in a volatile field, replaced under this object's lock so two writers never lose
 * each other's change.
 */
public final class FaultState {
    private volatile Faults current = Faults.NONE;
    /** Guarded by itself. */
    private final SplittableRandom random;

    public FaultState(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Faults snapshot() {
        return current;
    }

    /** True with probability {@code p}; any thread. */
    public boolean roll(double p) {
        if (p <= 0) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < p;
        }
    }

    public synchronized void down(boolean down) {
        Faults f = current;
        current = new Faults(down, f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void latencyMs(long ms) {
        if (ms < 0 || ms > 600_000) {
            throw new IllegalArgumentException("latencyMs: need 0..600000, got " + ms);
        }
        Faults f = current;
        current = new Faults(f.down(), ms, f.errorRate(), f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void errorRate(double p) {
        requireProbability("errorRate", p);
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), p, f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void malformed(boolean on) {
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), on, f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void oversizedBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("oversizedBytes: need >= 0, got " + bytes);
        }
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), bytes, f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    /** {@code 0} answers the real chain id again. */
    public synchronized void wrongChainId(long id) {
        if (id < 0) {
            throw new IllegalArgumentException("wrongChainId: need >= 0 (0 = off), got " + id);
        }
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(),
                id == 0 ? OptionalLong.empty() : OptionalLong.of(id), f.lagBlocks(), f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void lagBlocks(int blocks) {
        if (blocks < 0 || blocks > 10_000) {
            throw new IllegalArgumentException("lagBlocks: need 0..10000, got " + blocks);
        }
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                blocks, f.lieBlocks(), f.dropNotifications());
    }

    public synchronized void lieBlocks(int blocks) {
        if (blocks < 0) {
            throw new IllegalArgumentException("lieBlocks: need >= 0, got " + blocks);
        }
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), blocks, f.dropNotifications());
    }

    public synchronized void dropNotifications(double p) {
        requireProbability("dropNotifications", p);
        Faults f = current;
        current = new Faults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.wrongChainId(),
                f.lagBlocks(), f.lieBlocks(), p);
    }

    /** Every fault off except {@code down}, which only the server start and stop change. */
    public synchronized void clearAnswerFaults() {
        current = new Faults(current.down(), 0, 0, false, 0, OptionalLong.empty(), 0, 0, 0);
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ": need 0..1, got " + p);
        }
    }
}
