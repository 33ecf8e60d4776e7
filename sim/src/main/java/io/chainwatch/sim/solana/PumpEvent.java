package io.chainwatch.sim.solana;

/**
 * An event the simulator wrote into a transaction, with the values it intended: the ground truth a
 * decoder's output is compared with. Field names follow the IDLs (in camelCase).
 *
 * <p>{@link #emitter()} is the program that was on top of the invoke stack when the event was
 * logged: pump or PumpSwap, or {@link SolanaPrograms#ROUTER} for a decoy with pump's TradeEvent
 * discriminator that decoders must not attribute to pump. {@link #layoutBytes()} is the length
 * written (discriminator included): mainnet shows several lengths per event, each a prefix of the
 * IDL's layout; fields beyond it hold their defaults here (0, false, "", or the zero key).
 */
public sealed interface PumpEvent {
    Pubkey emitter();

    int layoutBytes();

    /** True when pump or PumpSwap emitted it (not a decoy). */
    default boolean isGenuine() {
        return isGenuineEmitter(emitter());
    }

    /** True for pump and PumpSwap, whose events are genuine; any other program's are decoys. */
    static boolean isGenuineEmitter(Pubkey program) {
        return program.equals(SolanaPrograms.PUMP) || program.equals(SolanaPrograms.PUMP_AMM);
    }

    record Create(Pubkey emitter, int layoutBytes, String name, String symbol, String uri, Pubkey mint, Pubkey bondingCurve,
            Pubkey user, Pubkey creator, long timestamp, long virtualTokenReserves, long virtualSolReserves,
            long realTokenReserves, long tokenTotalSupply, Pubkey tokenProgram, boolean isMayhemMode,
            boolean isCashbackEnabled, Pubkey quoteMint, long virtualQuoteReserves, long creatorFeeBps,
            boolean isHolderReward) implements PumpEvent {
    }

    record Trade(Pubkey emitter, int layoutBytes, Pubkey mint, long solAmount, long tokenAmount, boolean isBuy, Pubkey user,
            long timestamp, long virtualSolReserves, long virtualTokenReserves, long realSolReserves, long realTokenReserves,
            Pubkey feeRecipient, long feeBasisPoints, long fee, Pubkey creator, long creatorFeeBasisPoints, long creatorFee,
            boolean trackVolume, long totalUnclaimedTokens, long totalClaimedTokens, long currentSolVolume,
            long lastUpdateTimestamp, String ixName, boolean mayhemMode, long cashbackFeeBasisPoints, long cashback,
            long buybackFeeBasisPoints, long buybackFee, Pubkey quoteMint, long quoteAmount, long virtualQuoteReserves,
            long realQuoteReserves, long holderRewardsBps, long holderRewards) implements PumpEvent {
    }

    record Complete(Pubkey emitter, int layoutBytes, Pubkey user, Pubkey mint, Pubkey bondingCurve, long timestamp,
            Pubkey quoteMint) implements PumpEvent {
    }

    record Migration(Pubkey emitter, int layoutBytes, Pubkey user, Pubkey mint, long mintAmount, long solAmount,
            long poolMigrationFee, Pubkey bondingCurve, long timestamp, Pubkey pool, Pubkey quoteMint) implements PumpEvent {
    }

    /** PumpSwap's CreatePoolEvent, emitted while pump migrates a completed curve. */
    record PoolCreated(Pubkey emitter, int layoutBytes, long timestamp, int index, Pubkey creator, Pubkey baseMint,
            Pubkey quoteMint, int baseMintDecimals, int quoteMintDecimals, long baseAmountIn, long quoteAmountIn,
            long poolBaseAmount, long poolQuoteAmount, long minimumLiquidity, long initialLiquidity, long lpTokenAmountOut,
            int poolBump, Pubkey pool, Pubkey lpMint, Pubkey userBaseTokenAccount, Pubkey userQuoteTokenAccount,
            Pubkey coinCreator, boolean isMayhemMode, long creatorFeeBps, boolean canEditCreatorFee) implements PumpEvent {
    }
}
