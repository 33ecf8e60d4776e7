package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.SolanaFaults;
import java.util.SplittableRandom;

/**
 * The faults one Solana endpoint injects now. Written by any thread (tests switch faults at
 * runtime), read by server threads and the simulator thread: the whole setting is one immutable
 * {@link SolanaFaults} in a volatile field, replaced under this object's lock so two writers never
 * lose each other's change.
 */
public final class SolanaFaultState {
    private volatile SolanaFaults current = SolanaFaults.NONE;
    /** Yellowstone gRPC: a from_slot request is served live, from now, with no error (a provider that cannot replay and does not say so). */
    private volatile boolean ignoreFromSlot;
    /** Guarded by itself. */
    private final SplittableRandom random;

    public SolanaFaultState(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public SolanaFaults snapshot() {
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
        SolanaFaults f = current;
        current = new SolanaFaults(down, f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.lagSlots(), f.dropNotifications());
    }

    public synchronized void latencyMs(long ms) {
        if (ms < 0 || ms > 600_000) {
            throw new IllegalArgumentException("latencyMs: need 0..600000, got " + ms);
        }
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), ms, f.errorRate(), f.malformed(), f.oversizedBytes(), f.lagSlots(), f.dropNotifications());
    }

    public synchronized void errorRate(double p) {
        requireProbability("errorRate", p);
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), f.latencyMs(), p, f.malformed(), f.oversizedBytes(), f.lagSlots(), f.dropNotifications());
    }

    public synchronized void malformed(boolean on) {
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), f.latencyMs(), f.errorRate(), on, f.oversizedBytes(), f.lagSlots(), f.dropNotifications());
    }

    public synchronized void oversizedBytes(int bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("oversizedBytes: need >= 0, got " + bytes);
        }
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), bytes, f.lagSlots(), f.dropNotifications());
    }

    public synchronized void lagSlots(int slots) {
        if (slots < 0 || slots > 100_000) {
            throw new IllegalArgumentException("lagSlots: need 0..100000, got " + slots);
        }
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), slots, f.dropNotifications());
    }

    public synchronized void dropNotifications(double p) {
        requireProbability("dropNotifications", p);
        SolanaFaults f = current;
        current = new SolanaFaults(f.down(), f.latencyMs(), f.errorRate(), f.malformed(), f.oversizedBytes(), f.lagSlots(), p);
    }

    /** Every fault off except {@code down}, which only the server start and stop change. */
    public synchronized void clearAnswerFaults() {
        current = new SolanaFaults(current.down(), 0, 0, false, 0, 0, 0);
        ignoreFromSlot = false;
    }

    public void ignoreFromSlot(boolean on) {
        ignoreFromSlot = on;
    }

    public boolean ignoresFromSlot() {
        return ignoreFromSlot;
    }

    private static void requireProbability(String name, double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException(name + ": need 0..1, got " + p);
        }
    }
}
