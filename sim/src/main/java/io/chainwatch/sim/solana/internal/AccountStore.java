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
 * when a fork abandons it (so no version of a dead fork outlives the fork). Read by any thread. An
 * account's versions are a chain, newest first: a write puts a new head before it, so that a busy
 * curve written in each of the hundred slots its versions span costs one version, not a copy of the
 * hundred. Versions older than the newest one finalized a margin ago are cut off the chain's end now
 * and then (when the chain has doubled since the last cut); a reader walking the chain then sees the
 * cut or not, and either is right, since no reader asks for those.
 */
public final class AccountStore {
    /** Slots below the finalized one whose versions stay readable, for readers holding an older view. */
    private static final long KEEP_BELOW_FINALIZED = 64;
    /** Versions a chain may grow to before its first cut. */
    private static final int FIRST_CUT = 16;

    private static final class Version {
        final long slot;
        final AccountData account;
        /** The next older version, or null; set to null by the writer when the older ones are cut. */
        Version older;

        Version(long slot, AccountData account, Version older) {
            this.slot = slot;
            this.account = account;
            this.older = older;
        }
    }

    /**
     * An account's versions, newest first.
     *
     * @param length the versions in the chain (the writer's count)
     * @param cutAt  the length at which the writer next cuts the chain
     */
    private record Versions(Pubkey owner, Version newest, int length, int cutAt) {
    }

    /** An account found by a program scan. */
    public record Found(Pubkey key, AccountData account) {
    }

    private final ConcurrentHashMap<Pubkey, Versions> accounts = new ConcurrentHashMap<>();

    void write(long slot, List<AccountWrite> writes, long finalizedSlot) {
        long keepFrom = finalizedSlot - KEEP_BELOW_FINALIZED;
        for (AccountWrite w : writes) {
            Versions old = accounts.get(w.key());
            Version newest = new Version(slot, w.account(), old == null ? null : old.newest());
            int length = old == null ? 1 : old.length() + 1;
            int cutAt = old == null ? FIRST_CUT : old.cutAt();
            if (length >= cutAt) {
                length = cut(newest, keepFrom);
                cutAt = Math.max(FIRST_CUT, 2 * length);
            }
            accounts.put(w.key(), new Versions(w.account().owner(), newest, length, cutAt));
        }
    }

    /** Cuts the chain after its newest version at or below {@code keepFrom} (older ones are never asked for); returns the length kept. */
    private static int cut(Version newest, long keepFrom) {
        int n = 1;
        for (Version v = newest; v.older != null; v = v.older, n++) {
            if (v.slot <= keepFrom) {
                v.older = null;
                break;
            }
        }
        return n;
    }

    /** Removes the versions an abandoned block wrote. */
    void forget(long slot, List<AccountWrite> writes) {
        for (AccountWrite w : writes) {
            Versions old = accounts.get(w.key());
            if (old == null) {
                continue;
            }
            Version head = old.newest();
            if (head.slot == slot && (head.older == null || head.older.slot != slot)) {
                // The usual case: a fork abandons the newest blocks, newest first. The rest of the chain stays as it is.
                if (head.older == null) {
                    accounts.remove(w.key());
                } else {
                    accounts.put(w.key(), new Versions(head.older.account.owner(), head.older, old.length() - 1, old.cutAt()));
                }
                continue;
            }
            List<Version> kept = new ArrayList<>(old.length());
            for (Version v = old.newest(); v != null; v = v.older) {
                if (v.slot != slot) {
                    kept.add(v);
                }
            }
            if (kept.isEmpty()) {
                accounts.remove(w.key());
                continue;
            }
            // A new chain: readers may be walking the old one.
            Version chain = null;
            for (int i = kept.size() - 1; i >= 0; i--) {
                chain = new Version(kept.get(i).slot, kept.get(i).account, chain);
            }
            accounts.put(w.key(), new Versions(chain.account.owner(), chain, kept.size(), Math.max(FIRST_CUT, 2 * kept.size())));
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
        for (Version v = vs.newest(); v != null; v = v.older) {
            if (v.slot <= maxSlot) {
                return v.account;
            }
        }
        return null;
    }
}
