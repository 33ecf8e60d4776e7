package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every account the simulated chain has written, with the versions a reader may still ask for: each
 * version is the account as a canonical block left it. A read at a commitment level takes the
 * newest version at or below that level's slot.
 *
 * <p>Written only by the simulator thread: {@link #write} when a block is appended, {@link #forget}
 * when a fork abandons it (so no version of a dead fork outlives the fork). Read by any thread: each
 * account's versions are one immutable array, replaced whole. Versions older than the newest one
 * finalized a margin ago are dropped as the account is written again.
 */
public final class AccountStore {
    /** Slots below the finalized one whose versions stay readable, for readers holding an older view. */
    private static final long KEEP_BELOW_FINALIZED = 64;

    private record Version(long slot, AccountData account) {
    }

    /** Versions newest first. */
    private record Versions(Pubkey owner, Version[] newestFirst) {
    }

    /** An account found by a program scan. */
    public record Found(Pubkey key, AccountData account) {
    }

    private final ConcurrentHashMap<Pubkey, Versions> accounts = new ConcurrentHashMap<>();

    void write(long slot, List<AccountWrite> writes, long finalizedSlot) {
        long keepFrom = finalizedSlot - KEEP_BELOW_FINALIZED;
        for (AccountWrite w : writes) {
            Versions old = accounts.get(w.key());
            List<Version> next = new ArrayList<>(4);
            next.add(new Version(slot, w.account()));
            if (old != null) {
                for (Version v : old.newestFirst()) {
                    next.add(v);
                    if (v.slot() <= keepFrom) {
                        break; // the newest old enough version: older ones are never asked for
                    }
                }
            }
            accounts.put(w.key(), new Versions(w.account().owner(), next.toArray(Version[]::new)));
        }
    }

    /** Removes the versions an abandoned block wrote. */
    void forget(long slot, List<AccountWrite> writes) {
        for (AccountWrite w : writes) {
            Versions old = accounts.get(w.key());
            if (old == null) {
                continue;
            }
            List<Version> kept = new ArrayList<>(old.newestFirst().length);
            for (Version v : old.newestFirst()) {
                if (v.slot() != slot) {
                    kept.add(v);
                }
            }
            if (kept.isEmpty()) {
                accounts.remove(w.key());
            } else {
                accounts.put(w.key(), new Versions(kept.getFirst().account().owner(), kept.toArray(Version[]::new)));
            }
        }
    }

    /** Forgets accounts entirely (curves migrated long ago, see {@code BlockMaker.MAX_RETIRED_CURVES}). */
    void drop(List<Pubkey> keys) {
        for (Pubkey k : keys) {
            accounts.remove(k);
        }
    }

    /** The account as of {@code maxSlot}, or null when it did not exist then. */
    public AccountData read(Pubkey key, long maxSlot) {
        Versions vs = accounts.get(key);
        return vs == null ? null : at(vs, maxSlot);
    }

    /** Every account of {@code owner} as of {@code maxSlot}, in no particular order. */
    public List<Found> byOwner(Pubkey owner, long maxSlot) {
        List<Found> out = new ArrayList<>();
        for (Map.Entry<Pubkey, Versions> e : accounts.entrySet()) {
            if (!e.getValue().owner().equals(owner)) {
                continue;
            }
            AccountData a = at(e.getValue(), maxSlot);
            if (a != null) {
                out.add(new Found(e.getKey(), a));
            }
        }
        return out;
    }

    private static AccountData at(Versions vs, long maxSlot) {
        for (Version v : vs.newestFirst()) {
            if (v.slot() <= maxSlot) {
                return v.account();
            }
        }
        return null;
    }
}
