package io.chainwatch.sim.solana;

import io.chainwatch.sim.solana.internal.ProgramAddress;
import java.nio.charset.StandardCharsets;

/**
 * The programs and fixed accounts the Solana simulator's transactions name. The program ids and
 * well-known addresses are mainnet's; the program-derived ones are derived here as mainnet derives
 * them. {@link #ROUTER} is the simulator's own: a "trading router" that wraps pump trades and emits
 * an event with the same discriminator as pump's TradeEvent, which decoders must not attribute to
 * pump.
 */
public final class SolanaPrograms {
    public static final Pubkey PUMP = Pubkey.fromBase58("6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
    public static final Pubkey PUMP_AMM = Pubkey.fromBase58("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA");
    public static final Pubkey PUMP_FEES = Pubkey.fromBase58("pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ");
    public static final Pubkey SYSTEM = Pubkey.fromBase58("11111111111111111111111111111111");
    public static final Pubkey COMPUTE_BUDGET = Pubkey.fromBase58("ComputeBudget111111111111111111111111111111");
    public static final Pubkey TOKEN = Pubkey.fromBase58("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    public static final Pubkey TOKEN_2022 = Pubkey.fromBase58("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
    public static final Pubkey ASSOCIATED_TOKEN = Pubkey.fromBase58("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL");
    public static final Pubkey RENT = Pubkey.fromBase58("SysvarRent111111111111111111111111111111111");
    public static final Pubkey WSOL_MINT = Pubkey.fromBase58("So11111111111111111111111111111111111111112");
    public static final Pubkey MAYHEM = Pubkey.fromBase58("MAyhSmzXzV1pTf7LsNkrNwkWKTo4ougAJ1PPg47MD4e");

    /** pump's Global account: PDA ["global"]. */
    public static final Pubkey PUMP_GLOBAL = ProgramAddress.find(PUMP, "global");
    /** pump's event authority, the one account of its self-CPI event instructions: PDA ["__event_authority"]. */
    public static final Pubkey PUMP_EVENT_AUTHORITY = ProgramAddress.find(PUMP, "__event_authority");
    public static final Pubkey PUMP_AMM_EVENT_AUTHORITY = ProgramAddress.find(PUMP_AMM, "__event_authority");
    public static final Pubkey PUMP_AMM_GLOBAL_CONFIG = ProgramAddress.find(PUMP_AMM, "global_config");
    public static final Pubkey PUMP_GLOBAL_VOLUME_ACCUMULATOR = ProgramAddress.find(PUMP, "global_volume_accumulator");
    public static final Pubkey PUMP_FEE_CONFIG = ProgramAddress.find(PUMP_FEES, "fee_config", PUMP);
    public static final Pubkey PUMP_MINT_AUTHORITY = ProgramAddress.find(PUMP, "mint-authority");
    /** The fee recipient of the real mainnet buy in the fixtures. */
    public static final Pubkey FEE_RECIPIENT = Pubkey.fromBase58("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
    /** The account that signs migrations (pump's withdraw authority). */
    public static final Pubkey MIGRATION_AUTHORITY = Pubkey.fromBase58("39azUYFWPz3VHgKCf3VChUwbpURdCHRxjWVowf5jUJjg");
    /** The simulator's decoy: a router program that emits its own TradeEvent-shaped events. */
    public static final Pubkey ROUTER = Pubkey.of(ProgramAddress.sha256("chainwatch-sim trading router".getBytes(StandardCharsets.US_ASCII)));

    private SolanaPrograms() {
    }

    /** pump's bonding curve of {@code mint}: PDA ["bonding-curve", mint]. */
    public static Pubkey bondingCurve(Pubkey mint) {
        return ProgramAddress.find(PUMP, "bonding-curve", mint);
    }

    /** The associated token account of {@code owner} for {@code mint} under {@code tokenProgram}. */
    public static Pubkey associatedTokenAccount(Pubkey owner, Pubkey tokenProgram, Pubkey mint) {
        return ProgramAddress.find(ASSOCIATED_TOKEN, owner.bytes(), tokenProgram.bytes(), mint.bytes());
    }

    /** The creator vault that collects a creator's fees: PDA ["creator-vault", creator]. */
    public static Pubkey creatorVault(Pubkey creator) {
        return ProgramAddress.find(PUMP, "creator-vault", creator);
    }

    /** PumpSwap's pool for a migrated mint: PDA ["pool", index u16 LE, creator, base mint, quote mint]. */
    public static Pubkey pumpSwapPool(int index, Pubkey creator, Pubkey baseMint) {
        byte[] idx = {(byte) index, (byte) (index >>> 8)};
        return ProgramAddress.find(PUMP_AMM, "pool".getBytes(StandardCharsets.US_ASCII), idx, creator.bytes(), baseMint.bytes(),
                WSOL_MINT.bytes());
    }
}
