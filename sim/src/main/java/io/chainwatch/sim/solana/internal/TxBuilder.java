package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Assembles one transaction: account keys with their signer and writable flags (ordered as a
 * message orders them: writable signers with the fee payer first, read-only signers, writable
 * others, read-only others), outer and inner instructions, logs, balance changes and token
 * balances. Instructions name accounts by key and are compiled to indexes at {@link #build}.
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

    private record Ix(Pubkey program, List<Meta> accounts, byte[] data, int stackHeight) {
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
    private final SharedInstructions shared = new SharedInstructions();
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
        outer.add(new Ix(program, accounts, data, 0));
        inner.add(new ArrayList<>(4));
        return outer.size() - 1;
    }

    /** Adds an inner instruction of outer instruction {@code index}, at the log writer's current depth. */
    void inner(int index, Pubkey program, List<Meta> accounts, byte[] data) {
        note(program, accounts);
        inner.get(index).add(new Ix(program, accounts, data, logs.depth()));
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
        List<Pubkey> ordered = order();
        Map<Pubkey, Integer> index = new HashMap<>(ordered.size() * 2);
        int signers = 0;
        int readonlySigned = 0;
        int readonlyUnsigned = 0;
        for (int i = 0; i < ordered.size(); i++) {
            Pubkey k = ordered.get(i);
            index.put(k, i);
            Flags f = flags(k);
            if (f.signer) {
                signers++;
                readonlySigned += f.writable ? 0 : 1;
            } else if (!f.writable) {
                readonlyUnsigned++;
            }
        }
        List<CompiledIx> compiled = new ArrayList<>(outer.size());
        List<List<CompiledIx>> compiledInner = new ArrayList<>(outer.size());
        for (int i = 0; i < outer.size(); i++) {
            compiled.add(compile(outer.get(i), index));
            List<CompiledIx> in = new ArrayList<>(inner.get(i).size());
            for (Ix x : inner.get(i)) {
                in.add(compile(x, index));
            }
            compiledInner.add(List.copyOf(in));
        }
        long fee = SIGNATURE_FEE * signers + priorityFee;
        long[] pre = new long[ordered.size()];
        long[] post = new long[ordered.size()];
        for (int i = 0; i < ordered.size(); i++) {
            Pubkey k = ordered.get(i);
            pre[i] = knownBalances.containsKey(k) ? knownBalances.get(k) : typicalBalance(k);
            long delta = errJson == null ? deltas.getOrDefault(k, 0L) : 0;
            post[i] = pre[i] + delta - (k.equals(feePayer) ? fee : 0);
        }
        List<TokenBalance> preTokens = new ArrayList<>(tokens.size());
        List<TokenBalance> postTokens = new ArrayList<>(tokens.size());
        for (Token t : tokens) {
            int at = index.get(t.account());
            preTokens.add(new TokenBalance(at, t.mint(), t.owner(), t.program(), t.before(), PumpMarket.TOKEN_DECIMALS));
            postTokens.add(new TokenBalance(at, t.mint(), t.owner(), t.program(), errJson == null ? t.after() : t.before(),
                    PumpMarket.TOKEN_DECIMALS));
        }
        List<byte[]> signatures = new ArrayList<>(signers);
        List<String> texts = new ArrayList<>(signers);
        for (int i = 0; i < signers; i++) {
            byte[] sig = new byte[64];
            rng.nextBytes(sig);
            signatures.add(sig);
            texts.add(Base58.encode(sig));
        }
        return new SolTx(List.copyOf(signatures), List.copyOf(texts), version, signers, readonlySigned, readonlyUnsigned,
                List.copyOf(ordered), recentBlockhash, List.copyOf(compiled), errJson, fee, pre, post, List.copyOf(compiledInner),
                List.copyOf(preTokens), List.copyOf(postTokens), logs.consumed(), List.copyOf(events), LogsText.of(texts.getFirst(), errJson, logs.json()),
                KnownPrograms.of(ordered));
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

    private List<Pubkey> order() {
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
        return out;
    }

    private CompiledIx compile(Ix ix, Map<Pubkey, Integer> index) {
        byte[] accounts = new byte[ix.accounts().size()];
        for (int i = 0; i < accounts.length; i++) {
            accounts[i] = (byte) (int) index.get(ix.accounts().get(i).key());
        }
        return shared.instruction(index.get(ix.program()), accounts, ix.data(), ix.stackHeight());
    }

    /** A plausible balance for an account whose balance the simulator does not track. */
    private static long typicalBalance(Pubkey k) {
        if (k.equals(SolanaPrograms.SYSTEM) || k.equals(SolanaPrograms.COMPUTE_BUDGET)) {
            return 1;
        }
        if (PROGRAMS.contains(k)) {
            return 1_141_440;
        }
        return 2_039_280 + Math.floorMod(k.hashCode(), 50_000) * 100_000L;
    }

    private static final Set<Pubkey> PROGRAMS = Set.of(SolanaPrograms.PUMP, SolanaPrograms.PUMP_AMM,
            SolanaPrograms.PUMP_FEES, SolanaPrograms.TOKEN, SolanaPrograms.TOKEN_2022, SolanaPrograms.ASSOCIATED_TOKEN,
            SolanaPrograms.ROUTER, SolanaPrograms.RENT, SolanaPrograms.MAYHEM);
}
