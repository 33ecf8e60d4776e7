package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A transaction's balances before and after it, kept as what the keys do not tell, in arrays of
 * longs instead of objects; the lists a node shows are made again when served. Stateless.
 *
 * <p>Lamports: the simulator tracks few balances (the bonding curves'), and shows any other account
 * with a plausible balance made from its key ({@link #untracked}). Of a trade's sixteen keys, four or
 * so change (the payer, the curve, the fee recipients); the others show the same untracked balance
 * before and after. So a transaction keeps, for the keys whose balance is not the untracked one or
 * changes, the triples {@code (index, before, after)}.
 *
 * <p>Tokens: each token account's entries of the pre- and post-token balances, which differ only in
 * the amount, as one triple {@code (indexes, before, after)}: {@code indexes} holds the account keys'
 * indexes of the token account, its mint, its owner and its token program, and the decimals, a byte
 * each ({@link #tokenIndexes}). Every token balance the simulator writes names keys of its transaction.
 */
final class Balances {
    static final long[] NONE = new long[0];
    private static final Set<Pubkey> PROGRAMS = Set.of(SolanaPrograms.PUMP, SolanaPrograms.PUMP_AMM,
            SolanaPrograms.PUMP_FEES, SolanaPrograms.TOKEN, SolanaPrograms.TOKEN_2022, SolanaPrograms.ASSOCIATED_TOKEN,
            SolanaPrograms.ROUTER, SolanaPrograms.RENT, SolanaPrograms.MAYHEM);

    private Balances() {
    }

    /** A plausible balance for an account whose balance the simulator does not track. */
    static long untracked(Pubkey k) {
        if (k.equals(SolanaPrograms.SYSTEM) || k.equals(SolanaPrograms.COMPUTE_BUDGET)) {
            return 1;
        }
        if (PROGRAMS.contains(k)) {
            return 1_141_440;
        }
        return 2_039_280 + Math.floorMod(k.hashCode(), 50_000) * 100_000L;
    }

    /** The triples {@code (index, before, after)} of the keys whose balances {@link #untracked} does not give. */
    static long[] changes(Pubkey[] keys, long[] pre, long[] post) {
        long[] out = new long[3 * keys.length];
        int n = 0;
        for (int i = 0; i < keys.length; i++) {
            if (pre[i] != post[i] || pre[i] != untracked(keys[i])) {
                out[n++] = i;
                out[n++] = pre[i];
                out[n++] = post[i];
            }
        }
        return n == 0 ? NONE : Arrays.copyOf(out, n);
    }

    /** The balances before the transaction, one per key. */
    static long[] pre(Pubkey[] keys, long[] changes) {
        return balances(keys, changes, 1);
    }

    /** The balances after the transaction, one per key. */
    static long[] post(Pubkey[] keys, long[] changes) {
        return balances(keys, changes, 2);
    }

    /** The first of a token triple: the key indexes of the token account, its mint, owner and program, and the decimals. */
    static long tokenIndexes(int account, int mint, int owner, int program, int decimals) {
        return byteOf(account) | byteOf(mint) << 8 | byteOf(owner) << 16 | byteOf(program) << 24 | byteOf(decimals) << 32;
    }

    /** The token balances before the transaction ({@code after} false) or after it, from the token triples. */
    static List<TokenBalance> tokens(Pubkey[] keys, long[] tokenChanges, boolean after) {
        List<TokenBalance> out = new ArrayList<>(tokenChanges.length / 3);
        for (int c = 0; c < tokenChanges.length; c += 3) {
            long at = tokenChanges[c];
            out.add(new TokenBalance((int) (at & 0xFF), keys[(int) (at >>> 8 & 0xFF)], keys[(int) (at >>> 16 & 0xFF)],
                    keys[(int) (at >>> 24 & 0xFF)], tokenChanges[c + (after ? 2 : 1)], (int) (at >>> 32 & 0xFF)));
        }
        return List.copyOf(out);
    }

    private static long byteOf(int v) {
        if (v < 0 || v > 255) {
            throw new IllegalArgumentException("a token balance's key index or decimals: need 0..255, got " + v);
        }
        return v;
    }

    private static long[] balances(Pubkey[] keys, long[] changes, int which) {
        long[] out = new long[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = untracked(keys[i]);
        }
        for (int c = 0; c < changes.length; c += 3) {
            out[(int) changes[c]] = changes[c + which];
        }
        return out;
    }
}
