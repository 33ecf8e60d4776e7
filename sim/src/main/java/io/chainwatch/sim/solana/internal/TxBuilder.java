package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Assembles one transaction: account keys with their signer and writable flags (ordered as a
 * message orders them: writable signers with the fee payer first, read-only signers, writable
 * others, read-only others), outer and inner instructions, logs, balance changes and token
 * balances. Instructions name accounts by key and are compiled to indexes at {@link #build}, where
 * the transaction takes the compact form it is kept in ({@link SolTx}).
 *
 * <p>Reused: one transaction at a time, from {@link #start} to {@link #build}, so that its buffers
 * (above all the log text's) are allocated once, not per transaction. Confined to the thread
 * building transactions; not thread-safe.
 */
final class TxBuilder {
    /** Lamports per signature. */
    static final long SIGNATURE_FEE = 5_000;

    record Meta(Pubkey key, boolean signer, boolean writable) {
        static Meta w(Pubkey k) {
            return new Meta(k, false, true);
        }

        static Meta r(Pubkey k) {
            return new Meta(k, false, false);
        }

        static Meta ws(Pubkey k) {
            return new Meta(k, true, true);
        }
    }

    /** @param event the event of the logs whose self-CPI this is (its data is the event's), or -1 */
    private record Ix(Pubkey program, List<Meta> accounts, byte[] data, int stackHeight, int event) {
    }

    private record Token(Pubkey account, Pubkey mint, Pubkey owner, Pubkey program, long before, long after) {
    }

    /** One account key and its flags, in the order first named. */
    private static final class Flags {
        final Pubkey key;
        boolean signer;
        boolean writable;

        Flags(Pubkey key) {
            this.key = key;
        }
    }

    /** A transaction names a few dozen keys at most: a list searched linearly beats a hash map here. */
    private final List<Flags> keys = new ArrayList<>(32);
    private final List<Ix> outer = new ArrayList<>(4);
    private final List<List<Ix>> inner = new ArrayList<>(4);
    private final Map<Pubkey, Long> deltas = new HashMap<>();
    private final Map<Pubkey, Long> knownBalances = new HashMap<>();
    private final List<Token> tokens = new ArrayList<>(2);
    private final List<PumpEvent> events = new ArrayList<>(2);
    final LogWriter logs = new LogWriter(0);
    private final PackedInstructions.Writer packed = new PackedInstructions.Writer();
    private Pubkey feePayer;

    /** Forgets the previous transaction and starts one paid by {@code feePayer}; returns this builder. */
    TxBuilder start(Pubkey feePayer, long computeBudget) {
        keys.clear();
        outer.clear();
        inner.clear();
        deltas.clear();
        knownBalances.clear();
        tokens.clear();
        events.clear();
        logs.start(computeBudget);
        this.feePayer = feePayer;
        flags(feePayer).signer = true;
        flags(feePayer).writable = true;
        return this;
    }

    /** Adds an outer instruction; returns its index. */
    int outer(Pubkey program, List<Meta> accounts, byte[] data) {
        note(program, accounts);
        outer.add(new Ix(program, accounts, data, 0, -1));
        inner.add(new ArrayList<>(4));
        return outer.size() - 1;
    }

    /** Adds an inner instruction of outer instruction {@code index}, at the log writer's current depth. */
    void inner(int index, Pubkey program, List<Meta> accounts, byte[] data) {
        note(program, accounts);
        inner.get(index).add(new Ix(program, accounts, data, logs.depth(), -1));
    }

    /**
     * Adds the self-CPI of outer instruction {@code index} that carries the event the logs wrote last
     * ({@link LogWriter#data}): its data is Anchor's event tag and the event, kept once, in the logs.
     */
    void innerEvent(int index, Pubkey program, List<Meta> accounts) {
        if (logs.dataLines() == 0) {
            throw new IllegalStateException("an event instruction needs its event logged first");
        }
        note(program, accounts);
        inner.get(index).add(new Ix(program, accounts, null, logs.depth(), logs.dataLines() - 1));
    }

    /** Names an account without an instruction (it appears in the keys only). */
    void account(Meta m) {
        Flags f = flags(m.key());
        f.signer |= m.signer();
        f.writable |= m.writable();
    }

    void lamports(Pubkey key, long delta) {
        deltas.merge(key, delta, Long::sum);
    }

    /** The balance of {@code key} before the transaction, when the simulator knows it (a bonding curve). */
    void balanceBefore(Pubkey key, long lamports) {
        knownBalances.put(key, lamports);
    }

    void tokenBalance(Pubkey account, Pubkey mint, Pubkey owner, Pubkey program, long before, long after) {
        tokens.add(new Token(account, mint, owner, program, before, after));
    }

    void event(PumpEvent e) {
        events.add(e);
    }

    /**
     * @param errJson     null for a successful transaction; a failed one keeps only the fee
     * @param priorityFee lamports paid on top of the signature fees
     */
    SolTx build(RandomGenerator rng, int version, Pubkey recentBlockhash, String errJson, long priorityFee) {
        Pubkey[] ordered = order();
        Map<Pubkey, Integer> index = new HashMap<>(ordered.length * 2);
        int signers = 0;
        int readonlySigned = 0;
        int readonlyUnsigned = 0;
        for (int i = 0; i < ordered.length; i++) {
            Pubkey k = ordered[i];
            index.put(k, i);
            Flags f = flags(k);
            if (f.signer) {
                signers++;
                readonlySigned += f.writable ? 0 : 1;
            } else if (!f.writable) {
                readonlyUnsigned++;
            }
        }
        packed.start(outer.size());
        for (int i = 0; i < outer.size(); i++) {
            pack(outer.get(i), index);
            packed.innerCount(inner.get(i).size());
            for (Ix x : inner.get(i)) {
                pack(x, index);
            }
        }
        long fee = SIGNATURE_FEE * signers + priorityFee;
        long[] pre = new long[ordered.length];
        long[] post = new long[ordered.length];
        for (int i = 0; i < ordered.length; i++) {
            Pubkey k = ordered[i];
            pre[i] = knownBalances.containsKey(k) ? knownBalances.get(k) : Balances.untracked(k);
            long delta = errJson == null ? deltas.getOrDefault(k, 0L) : 0;
            post[i] = pre[i] + delta - (k.equals(feePayer) ? fee : 0);
        }
        byte[] signatures = new byte[64 * signers];
        byte[] sig = new byte[64];
        for (int i = 0; i < signers; i++) {
            rng.nextBytes(sig);
            System.arraycopy(sig, 0, signatures, 64 * i, 64);
        }
        SolTx t = new SolTx(signatures, logs.pieces(Base58.encode(signatures, 0, 64), errJson), version, readonlySigned,
                readonlyUnsigned, ordered, recentBlockhash, packed.toArray(), errJson, fee, Balances.changes(ordered, pre, post),
                tokenChanges(index, errJson != null), Math.toIntExact(logs.consumed()), KnownPrograms.of(ordered));
        // The transaction keeps its events only as its logs carry them: they must read back as intended.
        List<PumpEvent> logged = t.events();
        if (!logged.equals(events)) {
            throw new IllegalStateException("the logs carry other events than intended: " + logged + " instead of " + events);
        }
        return t;
    }

    private void note(Pubkey program, List<Meta> accounts) {
        flags(program);
        for (Meta m : accounts) {
            account(m);
        }
    }

    private Flags flags(Pubkey k) {
        for (int i = 0, n = keys.size(); i < n; i++) {
            Flags f = keys.get(i);
            if (f.key.equals(k)) {
                return f;
            }
        }
        Flags f = new Flags(k);
        keys.add(f);
        return f;
    }

    private Pubkey[] order() {
        List<Pubkey> out = new ArrayList<>(keys.size());
        out.add(feePayer);
        for (int group = 0; group < 4; group++) {
            for (Flags f : keys) {
                if (f.key.equals(feePayer)) {
                    continue;
                }
                int g = f.signer ? (f.writable ? 0 : 1) : (f.writable ? 2 : 3);
                if (g == group) {
                    out.add(f.key);
                }
            }
        }
        return out.toArray(Pubkey[]::new);
    }

    /** The token balances as {@link Balances} keeps them; a failed transaction moved no tokens. */
    private long[] tokenChanges(Map<Pubkey, Integer> index, boolean failed) {
        long[] out = tokens.isEmpty() ? Balances.NONE : new long[3 * tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            out[3 * i] = Balances.tokenIndexes(keyIndex(index, t.account(), "token account"), keyIndex(index, t.mint(), "mint"),
                    keyIndex(index, t.owner(), "owner"), keyIndex(index, t.program(), "token program"), PumpMarket.TOKEN_DECIMALS);
            out[3 * i + 1] = t.before();
            out[3 * i + 2] = failed ? t.before() : t.after();
        }
        return out;
    }

    /** The index of {@code key} among the account keys; a token balance names only keys of its transaction. */
    private static int keyIndex(Map<Pubkey, Integer> index, Pubkey key, String what) {
        Integer i = index.get(key);
        if (i == null) {
            throw new IllegalArgumentException("a token balance's " + what + " " + key + " is not an account key of its transaction");
        }
        return i;
    }

    private void pack(Ix ix, Map<Pubkey, Integer> index) {
        byte[] accounts = new byte[ix.accounts().size()];
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = (byte) (int) index.get(ix.accounts().get(i).key());
        }
        packed.instruction(index.get(ix.program()), ix.stackHeight(), accounts, ix.data(), ix.event());
    }
}
