package io.chainwatch.sim.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chainwatch.sim.solana.EventLayouts;
import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.PumpEvent;
import io.chainwatch.sim.solana.Pubkey;
import io.chainwatch.sim.solana.SolanaPrograms;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the simulator notes as it makes transactions, so that serving them is cheap, says what their keys and bytes say;
 * what it keeps of them, so that hundreds of thousands fit the heap, reads back as they were built.
 */
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
    void aTransactionReadsBackAsBuiltFromItsCompactForm() {
        Pubkey payer = key(1);
        Pubkey curve = key(2);
        Pubkey vault = key(3);
        Pubkey mint = key(4);
        Pubkey tokens = key(5);
        PumpEvent.Complete complete = new PumpEvent.Complete(SolanaPrograms.PUMP, PumpLayouts.COMPLETE_FULL, payer, mint, curve,
                1_767_000_000L, key(7));
        byte[] event = PumpLayouts.complete(complete);
        TxBuilder b = new TxBuilder().start(payer, 200_000);
        b.outer(SolanaPrograms.COMPUTE_BUDGET, List.of(), new byte[] {2, 64, 13, 3, 0});
        b.logs.builtin(SolanaPrograms.COMPUTE_BUDGET, 150);
        int ix = b.outer(SolanaPrograms.PUMP, List.of(TxBuilder.Meta.w(curve), TxBuilder.Meta.ws(payer), TxBuilder.Meta.w(vault),
                TxBuilder.Meta.r(SolanaPrograms.SYSTEM)), new byte[300]);
        b.account(TxBuilder.Meta.w(tokens));
        b.account(TxBuilder.Meta.r(mint));
        b.account(TxBuilder.Meta.r(SolanaPrograms.TOKEN_2022));
        b.logs.invoke(SolanaPrograms.PUMP);
        b.logs.invoke(SolanaPrograms.SYSTEM);
        b.inner(ix, SolanaPrograms.SYSTEM, List.of(TxBuilder.Meta.ws(payer), TxBuilder.Meta.w(vault)), new byte[] {2, 0, 0, 0, 7});
        b.logs.success(true);
        b.logs.data(event);
        b.logs.invoke(SolanaPrograms.PUMP);
        b.innerEvent(ix, SolanaPrograms.PUMP, List.of(TxBuilder.Meta.r(SolanaPrograms.PUMP_EVENT_AUTHORITY)));
        b.event(complete);
        b.logs.success();
        b.logs.success();
        b.lamports(payer, -7);
        b.lamports(vault, 7);
        b.balanceBefore(curve, 1_000_000);
        b.tokenBalance(tokens, mint, payer, SolanaPrograms.TOKEN_2022, 5, 9);
        SolTx t = b.build(new SplittableRandom(3), 0, key(6), null, 100);

        List<Pubkey> keys = t.accountKeys();
        assertThat(keys).containsExactly(payer, curve, vault, tokens, SolanaPrograms.COMPUTE_BUDGET, SolanaPrograms.PUMP,
                SolanaPrograms.SYSTEM, mint, SolanaPrograms.TOKEN_2022, SolanaPrograms.PUMP_EVENT_AUTHORITY);
        assertThat(t.instructions()).hasSize(2);
        assertIx(t.instructions().get(0), 4, new byte[0], new byte[] {2, 64, 13, 3, 0}, 0);
        assertIx(t.instructions().get(1), 5, new byte[] {1, 0, 2, 6}, new byte[300], 0);
        assertThat(t.inner().get(0)).isEmpty();
        assertThat(t.inner().get(1)).hasSize(2);
        assertIx(t.inner().get(1).get(0), 6, new byte[] {0, 2}, new byte[] {2, 0, 0, 0, 7}, 2);
        assertIx(t.inner().get(1).get(1), 5, new byte[] {9}, PumpLayouts.eventInstruction(event), 2);
        long fee = TxBuilder.SIGNATURE_FEE + 100;
        long[] pre = t.preBalances();
        long[] post = t.postBalances();
        assertThat(pre[1]).isEqualTo(1_000_000);
        for (int i = 0; i < keys.size(); i++) {
            if (i != 1) {
                assertThat(pre[i]).as("untracked balance of key %d", i).isEqualTo(Balances.untracked(keys.get(i)));
            }
            long delta = i == 0 ? -7 - fee : i == 2 ? 7 : 0;
            assertThat(post[i]).as("key %d", i).isEqualTo(pre[i] + delta);
        }
        assertThat(t.preTokenBalances()).containsExactly(new TokenBalance(3, mint, payer, SolanaPrograms.TOKEN_2022, 5,
                PumpMarket.TOKEN_DECIMALS));
        assertThat(t.postTokenBalances()).containsExactly(new TokenBalance(3, mint, payer, SolanaPrograms.TOKEN_2022, 9,
                PumpMarket.TOKEN_DECIMALS));
        assertThat(t.signatures()).hasSize(1).allSatisfy(s -> assertThat(s).hasSize(64));
        assertThat(t.signatureTexts()).containsExactly(Base58.encode(t.signatures().getFirst()));
        assertThat(t.signature()).isEqualTo(t.signatureTexts().getFirst());
        assertThat(t.hasSignature(t.signature())).isTrue();
        assertThat(t.hasSignature(t.signature().substring(1))).isFalse();
        assertThat(t.logs()).contains("Program data: " + Base64.getEncoder().encodeToString(event));
        assertThat(t.events()).containsExactly(complete);
        assertThat(t.genuineEvents()).isEqualTo(1);
        assertThat(t.numRequiredSignatures()).isEqualTo(1);
        assertThat(t.numReadonlySigned()).isZero();
        assertThat(t.numReadonlyUnsigned()).isEqualTo(6);
        assertThat(t.version()).isZero();
        assertThat(t.fee()).isEqualTo(fee);
    }

    @Test
    void aTokenBalanceNamingNoKeyOfItsTransactionIsRefused() {
        TxBuilder b = new TxBuilder().start(key(1), 200_000);
        b.outer(SolanaPrograms.SYSTEM, List.of(TxBuilder.Meta.w(key(2))), new byte[] {2, 0, 0, 0});
        b.logs.builtin(SolanaPrograms.SYSTEM, 150);
        b.tokenBalance(key(2), key(3), key(1), SolanaPrograms.TOKEN_2022, 1, 2);
        assertThatThrownBy(() -> b.build(new SplittableRandom(3), -1, key(6), null, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mint " + key(3).base58() + " is not an account key");
    }

    @Test
    void logRunsAreOneArrayForEveryTransactionThatHasThemAndEventsTheirOwn() {
        Map<String, byte[]> runs = new HashMap<>();
        Set<String> events = new HashSet<>();
        int shared = 0;
        for (SolTx t : make(300)) {
            byte[][] pieces = t.logsValue();
            assertThat(new String(pieces[0], StandardCharsets.US_ASCII)).isEqualTo(t.signature());
            for (int i = 1; i < pieces.length; i++) {
                String content = new String(pieces[i], StandardCharsets.UTF_8);
                if (i % 2 == 0) {
                    assertThat(events.add(content)).as("each event's data is the transaction's own").isTrue();
                    continue;
                }
                byte[] first = runs.putIfAbsent(content, pieces[i]);
                if (first != null) {
                    assertThat(pieces[i]).as(content).isSameAs(first);
                    shared++;
                }
            }
        }
        assertThat(shared).as("the runs of trades, creates and transfers repeat").isGreaterThan(10_000);
        assertThat(runs).hasSizeLessThan(500);
    }

    @Test
    void eventsOfEveryKindAndLayoutReadBackFromTheLogsAsIntended() {
        // Building fails when an event does not read back as intended: making them is the check; this sees them all made.
        Map<String, Integer> made = new HashMap<>();
        for (SolTx t : make(300, PumpActivity.typical().withTradesPerSlot(20).withLayouts(EventLayouts.MIXED).withCompletionChance(0.2))) {
            for (PumpEvent e : t.events()) {
                made.merge(e.getClass().getSimpleName() + "/" + e.layoutBytes() + "/" + e.isGenuine(), 1, Integer::sum);
            }
        }
        assertThat(made.keySet()).contains("Trade/" + PumpLayouts.TRADE_V1 + "/true", "Trade/" + PumpLayouts.TRADE_V2 + "/true",
                "Trade/" + PumpLayouts.tradeMainnet("buy") + "/true", "Trade/" + PumpLayouts.tradeFull("sell") + "/true",
                "Trade/" + PumpLayouts.tradeMainnet("route") + "/false", "Complete/" + PumpLayouts.COMPLETE_V1 + "/true",
                "Complete/" + PumpLayouts.COMPLETE_FULL + "/true", "Migration/" + PumpLayouts.MIGRATION_V1 + "/true",
                "Migration/" + PumpLayouts.MIGRATION_FULL + "/true", "PoolCreated/" + PumpLayouts.CREATE_POOL_FULL + "/true");
        assertThat(made.keySet().stream().filter(k -> k.startsWith("Create/")).count()).as("creates of several lengths").isGreaterThan(3);
    }

    private static void assertIx(CompiledIx ix, int program, byte[] accounts, byte[] data, int stackHeight) {
        assertThat(ix.programIdIndex()).isEqualTo(program);
        assertThat(ix.accounts()).containsExactly(accounts);
        assertThat(ix.data()).containsExactly(data);
        assertThat(ix.stackHeight()).isEqualTo(stackHeight);
    }

    private static Pubkey key(int fill) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) fill);
        return Pubkey.of(b);
    }

    /** The transactions of {@code blocks} blocks made one after another, with twenty trades a slot. */
    private static List<SolTx> make(int blocks) {
        return make(blocks, PumpActivity.typical().withTradesPerSlot(20));
    }

    private static List<SolTx> make(int blocks, PumpActivity activity) {
        BlockMaker maker = new BlockMaker(new ChainRandom(5), activity, new PumpMarket(), InstantSource.system());
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
