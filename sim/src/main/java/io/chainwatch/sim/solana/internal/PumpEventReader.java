package io.chainwatch.sim.solana.internal;

import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads back the events {@link PumpLayouts} writes, field for field in the order it writes them: a
 * transaction keeps its events only as its logs carry them ({@link LogsText}), and its ground truth
 * ({@link SolTx#events()}) is read from there. A layout shorter than the whole (mainnet's older
 * lengths) ends on a field boundary; the fields past it read as their defaults (0, false, "", the zero
 * key), as {@link PumpEvent} holds them. {@link TxBuilder} reads every event back as it builds a
 * transaction and fails when one is not the event intended, so the ground truth read here is the
 * intent. Stateless.
 */
final class PumpEventReader {
    private PumpEventReader() {
    }

    /** The event {@code emitter} logged as {@code data} (discriminator first). */
    static PumpEvent read(Pubkey emitter, byte[] data) {
        Reader r = new Reader(data);
        byte[] discriminator = Arrays.copyOf(data, 8);
        if (Arrays.equals(discriminator, PumpLayouts.TRADE_EVENT)) {
            return trade(emitter, r);
        }
        if (Arrays.equals(discriminator, PumpLayouts.CREATE_EVENT)) {
            return new PumpEvent.Create(emitter, data.length, r.string(), r.string(), r.string(), r.pubkey(), r.pubkey(), r.pubkey(),
                    r.pubkey(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.pubkey(), r.bool(), r.bool(), r.pubkey(), r.u64(), r.u64(),
                    r.bool());
        }
        if (Arrays.equals(discriminator, PumpLayouts.COMPLETE_EVENT)) {
            return new PumpEvent.Complete(emitter, data.length, r.pubkey(), r.pubkey(), r.pubkey(), r.u64(), r.pubkey());
        }
        if (Arrays.equals(discriminator, PumpLayouts.MIGRATION_EVENT)) {
            return new PumpEvent.Migration(emitter, data.length, r.pubkey(), r.pubkey(), r.u64(), r.u64(), r.u64(), r.pubkey(), r.u64(),
                    r.pubkey(), r.pubkey());
        }
        if (Arrays.equals(discriminator, PumpLayouts.CREATE_POOL_EVENT)) {
            return new PumpEvent.PoolCreated(emitter, data.length, r.u64(), r.u16(), r.pubkey(), r.pubkey(), r.pubkey(), r.u8(), r.u8(),
                    r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64(), r.u8(), r.pubkey(), r.pubkey(), r.pubkey(), r.pubkey(),
                    r.pubkey(), r.bool(), r.u64(), r.bool());
        }
        throw new IllegalArgumentException("not an event the simulator writes: discriminator " + Arrays.toString(discriminator));
    }

    private static PumpEvent.Trade trade(Pubkey emitter, Reader r) {
        Pubkey mint = r.pubkey();
        long solAmount = r.u64();
        long tokenAmount = r.u64();
        boolean isBuy = r.bool();
        Pubkey user = r.pubkey();
        long timestamp = r.u64();
        long virtualSolReserves = r.u64();
        long virtualTokenReserves = r.u64();
        long realSolReserves = r.u64();
        long realTokenReserves = r.u64();
        Pubkey feeRecipient = r.pubkey();
        long feeBasisPoints = r.u64();
        long fee = r.u64();
        Pubkey creator = r.pubkey();
        long creatorFeeBasisPoints = r.u64();
        long creatorFee = r.u64();
        boolean trackVolume = r.bool();
        long totalUnclaimedTokens = r.u64();
        long totalClaimedTokens = r.u64();
        long currentSolVolume = r.u64();
        long lastUpdateTimestamp = r.u64();
        String ixName = r.string();
        boolean mayhemMode = r.bool();
        long cashbackFeeBasisPoints = r.u64();
        long cashback = r.u64();
        long buybackFeeBasisPoints = r.u64();
        long buybackFee = r.u64();
        r.u32(); // shareholders: always an empty vector here
        return new PumpEvent.Trade(emitter, r.data.length, mint, solAmount, tokenAmount, isBuy, user, timestamp, virtualSolReserves,
                virtualTokenReserves, realSolReserves, realTokenReserves, feeRecipient, feeBasisPoints, fee, creator,
                creatorFeeBasisPoints, creatorFee, trackVolume, totalUnclaimedTokens, totalClaimedTokens, currentSolVolume,
                lastUpdateTimestamp, ixName, mayhemMode, cashbackFeeBasisPoints, cashback, buybackFeeBasisPoints, buybackFee,
                r.pubkey(), r.u64(), r.u64(), r.u64(), r.u64(), r.u64());
    }

    /** Little-endian fields after the discriminator; past the end of the data, each reads as its default. */
    private static final class Reader {
        private final byte[] data;
        private int at = 8;

        Reader(byte[] data) {
            this.data = data;
        }

        long u64() {
            return le(8);
        }

        long u32() {
            return le(4);
        }

        int u16() {
            return (int) le(2);
        }

        int u8() {
            return (int) le(1);
        }

        boolean bool() {
            return le(1) != 0;
        }

        Pubkey pubkey() {
            if (at >= data.length) {
                return Pubkey.ZERO;
            }
            Pubkey k = Pubkey.of(data, at);
            at += 32;
            return k;
        }

        String string() {
            if (at >= data.length) {
                return "";
            }
            int length = (int) u32();
            String s = new String(data, at, length, StandardCharsets.UTF_8);
            at += length;
            return s;
        }

        private long le(int bytes) {
            if (at >= data.length) {
                return 0;
            }
            long v = 0;
            for (int i = bytes - 1; i >= 0; i--) {
                v = (v << 8) | (data[at + i] & 0xFFL);
            }
            at += bytes;
            return v;
        }
    }
}
