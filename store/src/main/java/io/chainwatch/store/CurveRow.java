package io.chainwatch.store;

import io.chainwatch.core.U256;

import java.util.Objects;

/**
 * The latest known state of one pump.fun bonding curve, by mint. Reserves and supply are u64 held
 * in a long: read them with {@link Long#toUnsignedString(long)}, compare them with
 * {@link Long#compareUnsigned}; they are stored exactly (numeric), also above
 * {@link Long#MAX_VALUE}.
 *
 * @param mint                 the token's mint
 * @param status               where the curve is in its life
 * @param creator              the token's creator, or null when not known (older curve layouts do
 *                             not hold it and the CreateEvent was not seen)
 * @param virtualTokenReserves unsigned
 * @param virtualSolLamports   unsigned
 * @param realTokenReserves    unsigned
 * @param realSolLamports      unsigned
 * @param tokenTotalSupply     unsigned
 * @param complete             the curve's own complete flag
 * @param buyVolumeLamports    SOL spent on buys, summed (below 10^30)
 * @param sellVolumeLamports   SOL received for sells, summed (below 10^30)
 * @param trades               number of trades seen
 * @param createdSlot          the slot of the CreateEvent, or {@link #UNKNOWN_SLOT}
 * @param lastTrade            the last trade seen, or null when none was
 * @param updatedSlot          the slot of the last change: what "most recently active" orders by
 */
public record CurveRow(SolanaPubkey mint, Status status, SolanaPubkey creator, long virtualTokenReserves,
                       long virtualSolLamports, long realTokenReserves, long realSolLamports, long tokenTotalSupply,
                       boolean complete, U256 buyVolumeLamports, U256 sellVolumeLamports, long trades, long createdSlot,
                       LastTrade lastTrade, long updatedSlot) {
    public static final long UNKNOWN_SLOT = -1;
    /** 10^30 - 1: what numeric(30,0) holds. */
    static final U256 MAX_VOLUME = U256.parse("999999999999999999999999999999");

    public CurveRow {
        Objects.requireNonNull(mint, "mint");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(buyVolumeLamports, "buyVolumeLamports");
        Objects.requireNonNull(sellVolumeLamports, "sellVolumeLamports");
        if (buyVolumeLamports.compareTo(MAX_VOLUME) > 0 || sellVolumeLamports.compareTo(MAX_VOLUME) > 0) {
            throw new IllegalArgumentException("curve " + mint + ": volumes must be below 10^30 lamports, got buy "
                    + buyVolumeLamports + ", sell " + sellVolumeLamports);
        }
        if (trades < 0) {
            throw new IllegalArgumentException("curve " + mint + ": trades must be >= 0, got " + trades);
        }
        if (createdSlot < UNKNOWN_SLOT) {
            throw new IllegalArgumentException("curve " + mint + ": createdSlot must be >= 0 or UNKNOWN_SLOT, got " + createdSlot);
        }
        if (updatedSlot < 0) {
            throw new IllegalArgumentException("curve " + mint + ": updatedSlot must be >= 0, got " + updatedSlot);
        }
    }

    /** Where a curve is in its life: created, traded on, complete (the curve sold out), migrated to PumpSwap. */
    public enum Status {
        CREATED, TRADING, COMPLETE, MIGRATED;

        /** The stored name: {@code created}, {@code trading}, {@code complete}, {@code migrated}. */
        public String storedName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The status of a stored name. */
        public static Status ofStoredName(String name) {
            return switch (name) {
                case "created" -> CREATED;
                case "trading" -> TRADING;
                case "complete" -> COMPLETE;
                case "migrated" -> MIGRATED;
                default -> throw new IllegalArgumentException("unknown curve status '" + name
                        + "'; known: created, trading, complete, migrated");
            };
        }
    }

    /** The last trade on the curve: where it happened. */
    public record LastTrade(long slot, SolanaSignature signature) {
        public LastTrade {
            Objects.requireNonNull(signature, "signature");
            if (slot < 0) {
                throw new IllegalArgumentException("last trade slot must be >= 0, got " + slot);
            }
        }
    }
}
