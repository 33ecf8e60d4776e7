package io.chainwatch.solana.pump;

import io.chainwatch.solana.BorshWriter;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.borsh.BorshReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link TradeEvent#readKnownLayout}, the fixed-offset reading of the layouts pump emits, against
 * the field-by-field {@link TradeEvent#read(BorshReader)}: on every layout it takes, both give the
 * same record; on damaged or unusual bytes it either gives that same record or steps aside (null).
 */
@Timeout(60)
class TradeEventLayoutsTest {
    private static final String[] IX_NAMES = {"buy", "sell", "buy_exact_sol_in", "", "sëll"};
    private final SplittableRandom random = new SplittableRandom(266);

    @Test
    void everyMainnetLayoutReadsAtFixedOffsetsToTheFieldByFieldValues() {
        int[] fieldCounts = {10, 21, 23, TradeEvent.IDL_FIELDS.size()};
        for (int i = 0; i < 4_000; i++) {
            int fields = fieldCounts[i % fieldCounts.length];
            byte[] payload = payload(fields);
            TradeEvent fast = TradeEvent.readKnownLayout(payload, 0, payload.length);
            assertThat(fast).as("layout of %d fields, %d bytes", fields, payload.length).isNotNull();
            assertThat(fast).isEqualTo(fieldByField(payload, 0, payload.length));
            assertThat(fast.fieldsPresent()).isEqualTo(fields);
        }
    }

    @Test
    void theEventIsReadWhereverItStartsInTheArray() {
        byte[] payload = payload(23);
        byte[] inside = new byte[payload.length + 40];
        System.arraycopy(payload, 0, inside, 17, payload.length);
        assertThat(TradeEvent.readKnownLayout(inside, 17, payload.length)).isEqualTo(fieldByField(payload, 0, payload.length));
    }

    @Test
    void damagedBytesGiveTheFieldByFieldRecordOrNothing() {
        int[] fieldCounts = {10, 21, 23, TradeEvent.IDL_FIELDS.size()};
        for (int i = 0; i < 40_000; i++) {
            byte[] b = mutant(payload(fieldCounts[i % fieldCounts.length]));
            TradeEvent fast = TradeEvent.readKnownLayout(b, 0, b.length);
            if (fast != null) {
                assertThat(fast).as("mutant %d", i).isEqualTo(fieldByField(b, 0, b.length));
            }
        }
    }

    @Test
    void badBooleansAndInBetweenLengthsAreLeftToTheFieldByFieldReader() {
        byte[] b = payload(23);
        b[48] = 2; // is_buy
        assertThat(TradeEvent.readKnownLayout(b, 0, b.length)).isNull();
        byte[] c = payload(21);
        c[217] = (byte) 0x80; // track_volume
        assertThat(TradeEvent.readKnownLayout(c, 0, c.length)).isNull();
        byte[] d = payload(23);
        d[d.length - 1] = 7; // mayhem_mode
        assertThat(TradeEvent.readKnownLayout(d, 0, d.length)).isNull();
        byte[] e = payload(10);
        assertThat(TradeEvent.readKnownLayout(Arrays.copyOf(e, 130), 0, 130)).isNull();
        assertThat(TradeEvent.readKnownLayout(e, 0, 120)).isNull();
        byte[] f = payload(21);
        assertThat(TradeEvent.readKnownLayout(Arrays.copyOf(f, 253), 0, 253)).isNull();
    }

    private static TradeEvent fieldByField(byte[] b, int offset, int length) {
        BorshReader r = new BorshReader(b, offset, length);
        TradeEvent t = TradeEvent.read(r);
        return r.ok() ? t : null;
    }

    /** A payload (no discriminator) with the first {@code fields} IDL fields, random values. */
    private byte[] payload(int fields) {
        BorshWriter w = new BorshWriter().pubkey(key()).u64(random.nextLong()).u64(random.nextLong()).bool(random.nextBoolean())
                .pubkey(key()).i64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong())
                .u64(random.nextLong());
        if (fields > 10) {
            w.pubkey(key()).u64(random.nextLong()).u64(random.nextLong()).pubkey(key()).u64(random.nextLong()).u64(random.nextLong())
                    .bool(random.nextBoolean()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong()).i64(random.nextLong());
        }
        if (fields > 21) {
            w.string(IX_NAMES[random.nextInt(IX_NAMES.length)]).bool(random.nextBoolean());
        }
        if (fields > 23) {
            w.u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong());
            int shareholders = random.nextInt(4);
            w.u32(shareholders);
            for (int i = 0; i < shareholders; i++) {
                w.pubkey(key()).u16(random.nextInt(1 << 16));
            }
            w.pubkey(key()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong()).u64(random.nextLong())
                    .u64(random.nextLong());
        }
        return w.bytes();
    }

    private byte[] mutant(byte[] seed) {
        byte[] b = seed;
        for (int e = 0, edits = 1 + random.nextInt(3); e < edits && b.length > 0; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> b[at] = (byte) random.nextInt(3);
                case 2 -> b = Arrays.copyOf(b, at);
                case 3 -> b = Arrays.copyOf(b, b.length + 1 + random.nextInt(40));
                default -> {
                    // A string or vector length near the real one.
                    int p = random.nextBoolean() ? 250 : b.length - 72 - 4 - 34 * random.nextInt(3);
                    if (p >= 0 && p + 4 <= b.length) {
                        b[p] = (byte) (b[p] + random.nextInt(-2, 3));
                    }
                }
            }
        }
        return b;
    }

    private PublicKey key() {
        return new PublicKey(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }
}
