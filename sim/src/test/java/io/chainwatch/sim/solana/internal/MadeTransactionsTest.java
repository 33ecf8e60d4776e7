package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the simulator notes as it makes transactions, so that serving them is cheap, says what their keys and bytes say. */
@Timeout(60)
class MadeTransactionsTest {

    @Test
    void mentionsAgreesWithTheAccountKeysForKnownProgramsAndOtherKeys() {
        List<SolTx> txs = make(300);
        SplittableRandom random = new SplittableRandom(11);
        List<Pubkey> probes = new ArrayList<>(List.of(SolanaPrograms.PUMP, SolanaPrograms.PUMP_AMM, SolanaPrograms.TOKEN,
                SolanaPrograms.TOKEN_2022, SolanaPrograms.SYSTEM, SolanaPrograms.ROUTER, SolanaPrograms.COMPUTE_BUDGET,
                SolanaPrograms.ASSOCIATED_TOKEN, SolanaPrograms.MAYHEM, SolanaPrograms.PUMP_FEES, SolanaPrograms.PUMP_GLOBAL,
                SolanaPrograms.FEE_RECIPIENT, Pubkey.ZERO));
        for (int i = 0; i < 50; i++) {
            List<Pubkey> keys = txs.get(random.nextInt(txs.size())).accountKeys();
            probes.add(keys.get(random.nextInt(keys.size())));
        }
        int mentioned = 0;
        for (SolTx t : txs) {
            for (Pubkey k : probes) {
                Pubkey copy = Pubkey.of(k.bytes()); // as a subscription parses it: equal, not the same object
                assertThat(t.mentions(copy)).as("%s mentions %s", t.signature(), k).isEqualTo(t.accountKeys().contains(k));
                mentioned += t.mentions(copy) ? 1 : 0;
            }
        }
        assertThat(mentioned).isPositive();
    }

    @Test
    void instructionsWithTheSameShortPartsAreOneObjectAndKeepTheirBytes() {
        Map<String, CompiledIx> byContent = new HashMap<>();
        int shared = 0;
        for (SolTx t : make(300)) {
            List<CompiledIx> all = new ArrayList<>(t.instructions());
            t.inner().forEach(all::addAll);
            for (CompiledIx ix : all) {
                if (ix.data().length > SharedInstructions.MAX_SHARED_DATA_BYTES) {
                    continue;
                }
                String content = ix.programIdIndex() + "/" + Arrays.toString(ix.accounts()) + "/" + Arrays.toString(ix.data()) + "/"
                        + ix.stackHeight();
                CompiledIx first = byContent.putIfAbsent(content, ix);
                if (first != null) {
                    assertThat(ix).as(content).isSameAs(first);
                    shared++;
                }
            }
        }
        assertThat(shared).as("compute budget, fee queries and the like repeat").isGreaterThan(1_000);
    }

    /** The transactions of {@code blocks} blocks made one after another, with twenty trades a slot. */
    private static List<SolTx> make(int blocks) {
        BlockMaker maker = new BlockMaker(new ChainRandom(5), PumpActivity.typical().withTradesPerSlot(20), new PumpMarket(),
                InstantSource.system());
        List<SolTx> out = new ArrayList<>();
        SolBlock parent = maker.first(1_000, 900).block();
        out.addAll(parent.transactions());
        for (int i = 1; i <= blocks; i++) {
            parent = maker.next(1_000 + i, parent).block();
            out.addAll(parent.transactions());
        }
        return out;
    }
}
