package io.chainwatch.market.pump;

import io.chainwatch.solana.PublicKey;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(60)
class CurveTableTest {
    @Property(tries = 200)
    void findsWhatWasAddedAndForgetsWhatWasRemovedLikeAMap(@ForAll long seed, @ForAll @IntRange(min = 1, max = 3_000) int operations,
                                                           @ForAll @IntRange(min = 1, max = 500) int universe) {
        Random random = new Random(seed);
        CurveTable table = new CurveTable(1); // starts tiny: growth and long probe runs happen
        Map<PublicKey, Integer> model = new HashMap<>();
        CurveState s = new CurveState();
        for (int i = 0; i < operations; i++) {
            PublicKey mint = PumpInputs.key(random.nextInt(universe));
            Integer row = model.get(mint);
            if (row == null) {
                int added = table.add(mint);
                s.reset(mint);
                s.buyLamports = mint.w3();
                table.write(added, s);
                model.put(mint, added);
            } else if (random.nextBoolean()) {
                table.remove(row);
                model.remove(mint);
            }
            if (i % 50 == 0 || i == operations - 1) {
                for (int k = 0; k < universe; k++) {
                    PublicKey key = PumpInputs.key(k);
                    Integer expected = model.get(key);
                    assertThat(table.find(key)).isEqualTo(expected == null ? -1 : expected);
                    if (expected != null) {
                        table.read(expected, s);
                        assertThat(s.mint).isEqualTo(key);
                        assertThat(s.buyLamports).isEqualTo(key.w3());
                    }
                }
                assertThat(table.size()).isEqualTo(model.size());
            }
        }
    }

    @Test
    void aRowReadsBackExactlyAsWritten() {
        CurveTable table = new CurveTable(16);
        PublicKey mint = PumpInputs.key(42);
        int row = table.add(mint);
        CurveState s = new CurveState().reset(mint);
        s.creator = PumpInputs.key(1);
        s.pool = PumpInputs.key(2);
        s.status = CurveStatus.MIGRATED;
        s.flags = CurveState.RESERVES_KNOWN | CurveState.HAS_TRADE | CurveState.LAST_TRADE_SELL | CurveState.FEES_KNOWN;
        s.virtualTokenReserves = -1; // u64 max
        s.virtualSolReserves = 2;
        s.realTokenReserves = 3;
        s.realSolReserves = 4;
        s.tokenTotalSupply = 5;
        s.reservesSlot = 6;
        s.createdSlot = 7;
        s.createdTimestamp = 8;
        s.initialRealTokenReserves = 9;
        s.lastActivitySlot = 10;
        s.buyLamports = 11;
        s.sellLamports = 12;
        s.buys = Integer.MAX_VALUE;
        s.sells = 14;
        s.lastSignature = PumpInputs.sig(15);
        s.lastSlot = 16;
        s.lastTimestamp = 17;
        s.lastSolLamports = 18;
        s.lastTokenAmount = 19;
        s.protocolFeeBps = 10_000;
        s.creatorFeeBps = 30;
        table.write(row, s);

        CurveState back = new CurveState();
        table.read(row, back);
        assertThat(back).usingRecursiveComparison().isEqualTo(s);
        assertThat(table.status(row)).isEqualTo(CurveStatus.MIGRATED);
        assertThat(table.lastActivitySlot(row)).isEqualTo(10);
    }
}
