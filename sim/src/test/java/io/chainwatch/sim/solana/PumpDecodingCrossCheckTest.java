package io.chainwatch.sim.solana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.sim.testing.RpcClient;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.LogEvent;
import io.chainwatch.solana.ProgramAccount;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.BondingCurve;
import io.chainwatch.solana.pump.Global;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.amm.Pool;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The independent cross-check: the simulator writes pump.fun events and accounts with its own borsh
 * encoder, and the solana module's decoders (which the simulator never uses) must read back exactly
 * the values the simulator intended, from the JSON a client fetches over a real socket. Decoys
 * (the router's TradeEvent lookalikes) must not be attributed to pump.
 */
@Timeout(120)
class PumpDecodingCrossCheckTest {
    private static final Set<String> NOT_ON_THE_WIRE = Set.of("emitter", "layoutBytes");
    private static SolanaSimulator sim;
    private static RpcClient rpc;

    @BeforeAll
    static void start() {
        PumpActivity busy = new PumpActivity(12, 6, 0.3, 0.12, 2, 0.3, 0.2, 1, 0.3, 64, EventLayouts.MIXED);
        sim = SolanaSimulator.start(SolanaSimConfig.manual(11).withActivity(busy).withSkipRate(0.05));
        sim.produceSlots(150);
        rpc = new RpcClient(sim.endpoint(0).httpUrl());
    }

    @AfterAll
    static void close() {
        sim.close();
    }

    private List<JsonNode> confirmedBlocks() {
        JsonNode slots = rpc.result("getBlocks", sim.config().startSlot(), Map.of("commitment", "confirmed"));
        List<JsonNode> blocks = new ArrayList<>();
        for (JsonNode s : slots) {
            blocks.add(rpc.result("getBlock", s.asLong(), Map.of("commitment", "confirmed", "maxSupportedTransactionVersion", 0)));
        }
        return blocks;
    }

    @Test
    void everyLoggedEventDecodesToTheIntendedValuesAndDecoysAreNotPumps() {
        Set<String> seen = new HashSet<>();
        Set<Integer> tradeLengths = new HashSet<>();
        int decoys = 0;
        int compared = 0;
        for (JsonNode block : confirmedBlocks()) {
            for (JsonNode tx : block.get("transactions")) {
                SimSolanaTransaction truth = sim.transaction(tx.get("transaction").get("signatures").get(0).asText()).orElseThrow();
                List<String> logs = new ArrayList<>();
                tx.get("meta").get("logMessages").forEach(l -> logs.add(l.asText()));
                List<PumpEvent> genuine = truth.events().stream().filter(PumpEvent::isGenuine).toList();
                List<LogEvent> decoded = PumpDecoders.logEventParser().parse(logs);
                assertThat(decoded).as("events attributed in %s", truth.signature()).hasSize(genuine.size());
                for (int i = 0; i < genuine.size(); i++) {
                    assertThat(decoded.get(i).result()).as("decoding %s", genuine.get(i)).isInstanceOf(DecodeResult.Decoded.class);
                    assertSameValues(genuine.get(i), decoded.get(i).event());
                    compared++;
                    seen.add(genuine.get(i).getClass().getSimpleName() + (truth.failed() ? " in a failed tx" : ""));
                    if (genuine.get(i) instanceof PumpEvent.Trade t) {
                        tradeLengths.add(t.layoutBytes());
                        seen.add(t.isBuy() ? "buy" : "sell");
                    }
                }
                for (PumpEvent e : truth.events()) {
                    if (!e.isGenuine()) {
                        decoys++;
                        assertThat(e.emitter()).isEqualTo(SolanaPrograms.ROUTER);
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
        assertThat(seen).contains("Create", "Trade", "Complete", "Migration", "PoolCreated", "buy", "sell", "Trade in a failed tx");
        assertThat(tradeLengths).as("every TradeEvent length mainnet shows, and the IDL's full one").contains(129, 258, 266, 267)
                .anyMatch(n -> n > 267);
        assertThat(decoys).isPositive();
    }

    @Test
    void theRoutersDecoyReallyLooksLikePumpsTradeEvent() {
        for (JsonNode block : confirmedBlocks()) {
            for (JsonNode tx : block.get("transactions")) {
                SimSolanaTransaction truth = sim.transaction(tx.get("transaction").get("signatures").get(0).asText()).orElseThrow();
                if (truth.events().stream().allMatch(PumpEvent::isGenuine)) {
                    continue;
                }
                String routerData = null;
                int depth = 0;
                String top = "";
                List<String> stack = new ArrayList<>();
                for (JsonNode l : tx.get("meta").get("logMessages")) {
                    String line = l.asText();
                    if (line.matches("Program \\w+ invoke \\[\\d+]")) {
                        stack.add(line.split(" ")[1]);
                    } else if (line.matches("Program \\w+ (success|failed: .*)")) {
                        stack.removeLast();
                    } else if (line.startsWith("Program data: ") && stack.getLast().equals(SolanaPrograms.ROUTER.base58())) {
                        routerData = line;
                    }
                    depth = stack.size();
                    top = stack.isEmpty() ? "" : stack.getLast();
                }
                assertThat(depth).isZero();
                assertThat(top).isEmpty();
                assertThat(routerData).isNotNull();
                DecodeResult<ProgramEvent> lookalike = PumpDecoders.logEventParser().decodeDataLine(PumpEventDecoder.INSTANCE, routerData);
                assertThat(lookalike.isDecoded()).as("same discriminator as pump's TradeEvent").isTrue();
                return;
            }
        }
        throw new AssertionError("no routed trade in the blocks");
    }

    @Test
    void selfCpiInnerInstructionsDecodeToTheSameEventsAndOnlyForTheirOwnProgram() {
        int compared = 0;
        for (JsonNode block : confirmedBlocks()) {
            for (JsonNode tx : block.get("transactions")) {
                SimSolanaTransaction truth = sim.transaction(tx.get("transaction").get("signatures").get(0).asText()).orElseThrow();
                JsonNode keys = tx.get("transaction").get("message").get("accountKeys");
                List<ProgramEvent> decoded = new ArrayList<>();
                for (JsonNode group : tx.get("meta").get("innerInstructions")) {
                    for (JsonNode ix : group.get("instructions")) {
                        PublicKey program = PublicKey.fromBase58(keys.get(ix.get("programIdIndex").asInt()).asText());
                        byte[] data = Base58.decode(ix.get("data").asText());
                        for (EventDecoder d : PumpDecoders.EVENT_DECODERS) {
                            DecodeResult<ProgramEvent> r = d.decodeInstruction(program, data);
                            assertThat(r).isNotInstanceOf(DecodeResult.Malformed.class);
                            if (r.isDecoded()) {
                                decoded.add(r.valueOrNull());
                            }
                        }
                    }
                }
                List<PumpEvent> genuine = truth.events().stream().filter(PumpEvent::isGenuine).toList();
                assertThat(decoded).hasSize(genuine.size());
                for (int i = 0; i < genuine.size(); i++) {
                    assertSameValues(genuine.get(i), decoded.get(i));
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    @Test
    void accountsDecodeToTheMarketsState() {
        int curves = 0;
        for (SimCurve c : sim.curves()) {
            JsonNode value = rpc.result("getAccountInfo", c.bondingCurve().base58(), Map.of("encoding", "base64", "commitment", "processed"))
                    .get("value");
            byte[] data = Base64.getDecoder().decode(value.get("data").get(0).asText());
            DecodeResult<ProgramAccount> r = PumpDecoders.decodeAccount(PublicKey.fromBase58(value.get("owner").asText()), data);
            BondingCurve bc = (BondingCurve) r.valueOrNull();
            assertThat(bc).as("curve of %s", c.mint()).isNotNull();
            assertThat(bc.virtualTokenReserves()).isEqualTo(c.virtualTokenReserves());
            assertThat(bc.virtualQuoteReserves()).isEqualTo(c.virtualSolReserves());
            assertThat(bc.realTokenReserves()).isEqualTo(c.realTokenReserves());
            assertThat(bc.realQuoteReserves()).isEqualTo(c.realSolReserves());
            assertThat(bc.complete()).isEqualTo(c.complete());
            assertThat(bc.creator().toBase58()).isEqualTo(c.creator().base58());
            assertThat(bc.tokenTotalSupply()).isEqualTo(1_000_000_000_000_000L);
            curves++;
        }
        assertThat(curves).isGreaterThan(10);
        assertThat(sim.curves()).anyMatch(SimCurve::migrated);

        JsonNode global = rpc.result("getAccountInfo", SolanaPrograms.PUMP_GLOBAL.base58(), Map.of("encoding", "base64")).get("value");
        Global g = (Global) PumpDecoders.decodeAccount(Base64.getDecoder().decode(global.get("data").get(0).asText())).valueOrNull();
        assertThat(g).isNotNull();
        assertThat(g.feeBasisPoints()).isEqualTo(95);
        assertThat(g.creatorFeeBasisPoints()).isEqualTo(30);
        assertThat(g.initialVirtualTokenReserves()).isEqualTo(1_073_000_000_000_000L);
        assertThat(g.initialVirtualSolReserves()).isEqualTo(30_000_000_000L);
        assertThat(g.initialRealTokenReserves()).isEqualTo(793_100_000_000_000L);
        assertThat(g.feeRecipient().toBase58()).isEqualTo(SolanaPrograms.FEE_RECIPIENT.base58());

        JsonNode pools = rpc.result("getProgramAccounts", SolanaPrograms.PUMP_AMM.base58(), Map.of("encoding", "base64", "commitment", "processed"));
        assertThat(pools.size()).isEqualTo((int) sim.curves().stream().filter(SimCurve::migrated).count());
        Set<String> migratedMints = new HashSet<>();
        sim.curves().stream().filter(SimCurve::migrated).forEach(c -> migratedMints.add(c.mint().base58()));
        for (JsonNode p : pools) {
            byte[] data = Base64.getDecoder().decode(p.get("account").get("data").get(0).asText());
            Pool pool = (Pool) PumpDecoders.decodeAccount(PublicKey.fromBase58(SolanaPrograms.PUMP_AMM.base58()), data).valueOrNull();
            assertThat(pool).isNotNull();
            assertThat(migratedMints).contains(pool.baseMint().toBase58());
            assertThat(pool.quoteMint().toBase58()).isEqualTo(SolanaPrograms.WSOL_MINT.base58());
        }
    }

    /** Each field of the simulator's record equals the decoder's field of the same name. */
    private static void assertSameValues(PumpEvent expected, Object decoded) {
        assertThat(decoded).as("decoded %s", expected).isNotNull();
        for (RecordComponent c : expected.getClass().getRecordComponents()) {
            if (NOT_ON_THE_WIRE.contains(c.getName())) {
                continue;
            }
            try {
                Object want = c.getAccessor().invoke(expected);
                Method m = decoded.getClass().getMethod(c.getName());
                Object got = m.invoke(decoded);
                assertThat(normal(got)).as("%s.%s", expected.getClass().getSimpleName(), c.getName()).isEqualTo(normal(want));
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("decoded " + decoded.getClass().getSimpleName() + " has no field " + c.getName(), e);
            }
        }
    }

    private static Object normal(Object v) {
        if (v instanceof Pubkey k) {
            return k.base58();
        }
        if (v instanceof PublicKey k) {
            return k.toBase58();
        }
        return v;
    }
}
