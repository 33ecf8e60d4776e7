package io.chainwatch.solana.tx;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.EventDecoder;
import io.chainwatch.solana.Fixtures;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.pump.amm.PumpAmmEventDecoder;
import io.chainwatch.solana.pump.amm.PumpAmmProgram;
import io.chainwatch.solana.tx.BuyTransaction.Call;
import io.chainwatch.solana.tx.BuyTransaction.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import static io.chainwatch.solana.tx.BuyTransaction.BUY_INSTRUCTION;
import static io.chainwatch.solana.tx.BuyTransaction.EVENT_INNER_INDEX;
import static io.chainwatch.solana.tx.BuyTransaction.EVENT_LOG_INDEX;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each event once: the self-CPI copy preferred, the log copy used where no CPI copy matches. On the
 * real mainnet buy (see {@link BuyTransaction}) and variations of it.
 */
@Timeout(30)
class EventExtractorTest {
    private static final String PUMP = PumpProgram.ID.toBase58();
    private static final String AMM = PumpAmmProgram.ID.toBase58();
    private final EventExtractor extractor = EventExtractor.pumpFamily();

    @Test
    void theBuysTradeEventComesOnceFromItsInnerInstructionWithItsLogLine() throws Exception {
        for (Encoding encoding : Encoding.values()) {
            for (boolean v0 : new boolean[]{false, true}) {
                BuyTransaction buy = new BuyTransaction();
                buy.v0 = v0;
                List<TransactionEvent> events = extractor.extract(parse(buy, encoding));

                assertThat(events).as(encoding + (v0 ? " v0" : " legacy")).hasSize(1);
                TransactionEvent e = events.getFirst();
                assertThat(e.eventIndex()).isZero();
                assertThat(e.programId()).isEqualTo(PumpProgram.ID);
                assertThat(e.instructionIndex()).isEqualTo(BUY_INSTRUCTION);
                assertThat(e.innerInstructionIndex()).isEqualTo(EVENT_INNER_INDEX);
                assertThat(e.logIndex()).isEqualTo(EVENT_LOG_INDEX);
                assertThat(e.fromInnerInstruction()).isTrue();
                assertReadmeTrade((TradeEvent) e.event());
            }
        }
    }

    @Test
    void theMainnetBuysEventBytesDecodeAgainToTheSameEventOnEveryPath() throws Exception {
        byte[] instruction = new BuyTransaction().eventData;
        byte[] cpiEvent = Arrays.copyOfRange(instruction, 8, instruction.length);
        byte[] logLine = Base64.getDecoder().decode(Fixtures.buyTxLogs().get(EVENT_LOG_INDEX).substring("Program data: ".length()));
        assertThat(logLine).isEqualTo(cpiEvent).hasSize(266); // discriminator included
        List<List<TransactionEvent>> paths = new ArrayList<>();
        for (Encoding encoding : Encoding.values()) {
            for (boolean v0 : new boolean[]{false, true}) {
                BuyTransaction buy = new BuyTransaction();
                buy.v0 = v0;
                paths.add(extractor.extract(parse(buy, encoding)));
            }
        }
        BuyTransaction noInner = new BuyTransaction();
        noInner.inner = null; // the log line is the event
        paths.add(extractor.extract(parse(noInner, Encoding.JSON)));
        BuyTransaction truncated = new BuyTransaction();
        truncated.logs = new ArrayList<>(truncated.logs.subList(0, 30));
        truncated.logs.add("Log truncated"); // the inner instruction is the event
        paths.add(extractor.extract(parse(truncated, Encoding.BASE64)));
        paths.add(extractor.extractFromLogs(Fixtures.buyTxLogs()));

        for (List<TransactionEvent> events : paths) {
            assertThat(events).hasSize(1);
            TransactionEvent e = events.getFirst();
            assertThat(e.data()).as("from %s", e.fromInnerInstruction() ? "the inner instruction" : "the log line")
                    .isEqualTo(e.fromInnerInstruction() ? cpiEvent : logLine);
            assertThat(PumpEventDecoder.INSTANCE.decode(e.data(), 0, e.data().length).valueOrNull()).isEqualTo(e.event()).isNotNull();
            assertReadmeTrade((TradeEvent) e.event());
        }
        assertThat(paths).extracting(events -> events.getFirst().fromInnerInstruction()).contains(true, false);
    }

    @Test
    void eachEventOwnsItsBytes() throws Exception {
        TransactionEvent e = extractor.extract(parse(new BuyTransaction(), Encoding.JSON)).getFirst();
        byte[] handedOut = e.data();
        handedOut[8]++;
        assertThat(e.data()).isNotSameAs(e.data()).isNotEqualTo(handedOut);
        assertThat(PumpEventDecoder.INSTANCE.decode(e.data()).valueOrNull()).isEqualTo(e.event());
        assertThat(e.dataLength()).isEqualTo(266);

        byte[] given = e.data();
        TransactionEvent copy = new TransactionEvent(0, e.programId(), e.instructionIndex(), e.innerInstructionIndex(), e.logIndex(),
                e.result(), given);
        given[8]++;
        assertThat(copy).isEqualTo(e).hasSameHashCodeAs(e);
        assertThat(copy.toString()).contains("data=" + HexFormat.of().formatHex(e.data()));
    }

    @Test
    void truncatedLogsLoseNoEventTheInnerInstructionCarriesIt() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.logs = new ArrayList<>(buy.logs.subList(0, 30));
        buy.logs.add("Log truncated");
        List<TransactionEvent> events = extractor.extract(parse(buy, Encoding.JSON));

        assertThat(events).hasSize(1);
        assertThat(events.getFirst().innerInstructionIndex()).isEqualTo(EVENT_INNER_INDEX);
        assertThat(events.getFirst().logIndex()).isEqualTo(-1);
        assertReadmeTrade((TradeEvent) events.getFirst().event());
    }

    @Test
    void withoutInnerInstructionsTheLogLineIsTheEventPlacedUnderItsInstruction() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.inner = null;
        List<TransactionEvent> events = extractor.extract(parse(buy, Encoding.BASE64));

        assertThat(events).hasSize(1);
        TransactionEvent e = events.getFirst();
        assertThat(e.fromInnerInstruction()).isFalse();
        assertThat(e.innerInstructionIndex()).isEqualTo(-1);
        assertThat(e.logIndex()).isEqualTo(EVENT_LOG_INDEX);
        // The ATA program's "invoke [1]" is instruction 0, pump's is instruction 1.
        assertThat(e.instructionIndex()).isEqualTo(BUY_INSTRUCTION);
        assertReadmeTrade((TradeEvent) e.event());
    }

    @Test
    void aFailedTransactionHasNoEventsThoughItsLogsAndInnerInstructionsShowThem() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        buy.errJson = "{\"InstructionError\":[4,{\"Custom\":1}]}";
        SolanaTransaction tx = parse(buy, Encoding.JSON);
        assertThat(tx.innerInstructions()).hasSize(10);
        assertThat(extractor.extractFromLogs(tx.logMessages())).hasSize(1);
        assertThat(extractor.extract(tx)).isEmpty();
    }

    @Test
    void twoTradesAndALoggedOnlyEventComeOnceEachInExecutionOrder() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        // A second pump buy as instruction 2, whose trade differs (sol_amount + 1), and a PumpSwap
        // instruction 3 that only logs its event.
        byte[] secondEvent = buy.eventData.clone();
        secondEvent[16 + 32]++;
        byte[] ammEvent = ammBuyEvent();
        buy.extraKeys.add(PumpAmmProgram.ID);
        buy.outer.add(2, new Call(PumpProgram.ID, List.of(buy.user), new byte[]{1}));
        buy.outer.add(3, new Call(PumpAmmProgram.ID, List.of(buy.user), new byte[]{2}));
        buy.inner.put(2, List.of(new Call(PumpProgram.ID, List.of(buy.eventAuthority), secondEvent)));
        List<String> logs = new ArrayList<>(buy.logs.subList(0, 43));
        logs.addAll(List.of(
                "Program " + PUMP + " invoke [1]",
                "Program data: " + Base64.getEncoder().encodeToString(Arrays.copyOfRange(secondEvent, 8, secondEvent.length)),
                "Program " + PUMP + " invoke [2]",
                "Program " + PUMP + " success",
                "Program " + PUMP + " success",
                "Program " + AMM + " invoke [1]",
                "Program data: " + Base64.getEncoder().encodeToString(ammEvent),
                "Program " + AMM + " success"));
        logs.addAll(buy.logs.subList(43, 49));
        buy.logs = logs;

        List<TransactionEvent> events = extractor.extract(parse(buy, Encoding.BASE64));

        assertThat(events).extracting(TransactionEvent::eventIndex).containsExactly(0, 1, 2);
        assertThat(events).extracting(TransactionEvent::programId).containsExactly(PumpProgram.ID, PumpProgram.ID, PumpAmmProgram.ID);
        assertThat(events).extracting(TransactionEvent::instructionIndex).containsExactly(1, 2, 3);
        assertThat(events).extracting(TransactionEvent::innerInstructionIndex).containsExactly(EVENT_INNER_INDEX, 0, -1);
        assertThat(events).extracting(TransactionEvent::logIndex).containsExactly(EVENT_LOG_INDEX, 44, 49);
        assertThat(((TradeEvent) events.get(0).event()).solAmount()).isEqualTo(50051224L);
        assertThat(((TradeEvent) events.get(1).event()).solAmount()).isEqualTo(50051225L);
        assertThat(events.get(2).event().typeName()).isEqualTo("BuyEvent");
        assertThat(events).extracting(TransactionEvent::data)
                .containsExactly(Arrays.copyOfRange(buy.eventData, 8, buy.eventData.length), Arrays.copyOfRange(secondEvent, 8, secondEvent.length),
                        ammEvent);
        assertThat(PumpAmmEventDecoder.INSTANCE.decode(events.get(2).data(), 0, events.get(2).dataLength()).valueOrNull())
                .isEqualTo(events.get(2).event());
        assertEachEventsBytesDecodeToIt(events);
        assertEachEventsBytesDecodeToIt(extractor.extractFromLogs(buy.logs));
    }

    @Test
    void aLogLineWhosePayloadDiffersFromTheInstructionsIsNotTakenForIt() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        byte[] other = Arrays.copyOfRange(buy.eventData, 8, buy.eventData.length);
        other[other.length - 1] = 1; // mayhem_mode true in the log's copy only
        buy.logs.set(EVENT_LOG_INDEX, "Program data: " + Base64.getEncoder().encodeToString(other));
        List<TransactionEvent> events = extractor.extract(parse(buy, Encoding.JSON));

        assertThat(events).hasSize(2);
        // The log line comes before the event instruction that follows it in the same instruction.
        assertThat(events).extracting(TransactionEvent::innerInstructionIndex).containsExactly(-1, EVENT_INNER_INDEX);
        assertThat(events).extracting(TransactionEvent::logIndex).containsExactly(EVENT_LOG_INDEX, -1);
        assertThat(((TradeEvent) events.get(0).event()).mayhemMode()).isTrue();
        assertThat(((TradeEvent) events.get(1).event()).mayhemMode()).isFalse();
    }

    @Test
    void anUnknownOrMalformedEventOfAWatchedProgramIsAValueNotAnException() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        byte[] unknown = buy.eventData.clone();
        unknown[8] ^= 0x55; // another discriminator
        byte[] malformed = Arrays.copyOf(buy.eventData, 8 + 8 + 40); // a TradeEvent cut short
        buy.inner.put(1, List.of(new Call(PumpProgram.ID, List.of(buy.eventAuthority), unknown),
                new Call(PumpProgram.ID, List.of(buy.eventAuthority), malformed),
                // Not an event: pump's own instruction without the event tag.
                new Call(PumpProgram.ID, List.of(buy.eventAuthority), buy.buyData)));
        buy.logs = new ArrayList<>(buy.logs.subList(0, 20));
        List<TransactionEvent> events = extractor.extract(parse(buy, Encoding.JSON));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).result()).isEqualTo(DecodeResult.unknown());
        assertThat(events.get(1).result()).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(((DecodeResult.Malformed<?>) events.get(1).result()).reason()).startsWith("pump TradeEvent (48 bytes with discriminator)");
        // Kept as they came: decoding them again gives the same verdict.
        assertThat(events).extracting(TransactionEvent::data)
                .containsExactly(Arrays.copyOfRange(unknown, 8, unknown.length), Arrays.copyOfRange(malformed, 8, malformed.length));
        assertEachEventsBytesDecodeToIt(events);
    }

    @Test
    void aLogLineThatIsNotBase64IsAMalformedEventWithNoBytes() {
        BuyTransaction buy = new BuyTransaction();
        buy.logs.set(EVENT_LOG_INDEX, "Program data: vdt/007m*Ye");
        List<TransactionEvent> events = extractor.extractFromLogs(buy.logs);

        assertThat(events).hasSize(1);
        assertThat(events.getFirst().result()).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(events.getFirst().data()).isEmpty();
    }

    @Test
    void eventsFromLogsAloneArePlacedByTheirInvokeLines() {
        BuyTransaction buy = new BuyTransaction();
        List<TransactionEvent> events = extractor.extractFromLogs(buy.logs);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().instructionIndex()).isEqualTo(1);
        assertThat(events.getFirst().logIndex()).isEqualTo(EVENT_LOG_INDEX);
        assertThat(events.getFirst().innerInstructionIndex()).isEqualTo(-1);
        assertReadmeTrade((TradeEvent) events.getFirst().event());
    }

    /**
     * Random logs of invoke, success, failure, data and other lines, well formed and not: every event
     * from logs alone is placed under the top-level instruction whose invoke line, as its text says (a
     * regular expression here, not the parser's own reading), is the last before it, and the events
     * come in log order.
     */
    @Test
    void eventsFromLogsAreAlwaysPlacedByTheInvokeLinesBeforeThem() {
        java.util.regex.Pattern topLevel = java.util.regex.Pattern.compile("Program [^ ]+ invoke \\[1\\].*", java.util.regex.Pattern.DOTALL);
        String data = new BuyTransaction().logs.get(EVENT_LOG_INDEX);
        String[] kinds = {"Program " + PUMP + " invoke [1]", "Program " + PUMP + " invoke [2]", "Program " + AMM + " invoke [1]",
                "Program " + AMM + " invoke [3]", "Program 11111111111111111111111111111111 invoke [1]", "Program " + PUMP + " success",
                "Program " + AMM + " failed: custom program error: 0x1", "Program log: Instruction: Buy", data, data, data,
                "Program x: invoke [1]", "Program  invoke [1]", "Program " + PUMP + " invoke [1", "Program " + PUMP + " invoke [01]",
                "Program " + PUMP + " invoke [12]", "Program return: " + PUMP + " AAAA", "Program " + PUMP + " consumed 1 of 2 compute units"};
        java.util.SplittableRandom random = new java.util.SplittableRandom(17);
        int placed = 0;
        for (int round = 0; round < 3_000; round++) {
            List<String> logs = new ArrayList<>();
            for (int i = random.nextInt(40); i > 0; i--) {
                logs.add(kinds[random.nextInt(kinds.length)]);
            }
            int lastLine = -1;
            for (TransactionEvent e : extractor.extractFromLogs(logs)) {
                int top = 0;
                for (String line : logs.subList(0, e.logIndex())) {
                    if (topLevel.matcher(line).matches()) {
                        top++;
                    }
                }
                assertThat(e.instructionIndex()).as("%s", logs).isEqualTo(top - 1);
                assertThat(e.logIndex()).as("execution order: %s", logs).isGreaterThan(lastLine);
                lastLine = e.logIndex();
                placed++;
            }
        }
        assertThat(placed).isGreaterThan(1_000);
    }

    @Test
    void anotherProgramsEventInstructionIsNotOurs() throws Exception {
        BuyTransaction buy = new BuyTransaction();
        PublicKey copycat = buy.feeProgram;
        buy.inner.put(1, List.of(new Call(copycat, List.of(buy.eventAuthority), buy.eventData)));
        buy.logs = new ArrayList<>(buy.logs.subList(0, 20));
        assertThat(extractor.extract(parse(buy, Encoding.JSON))).isEmpty();
        assertThat(new EventExtractor(List.<EventDecoder>of(io.chainwatch.solana.pump.amm.PumpAmmEventDecoder.INSTANCE))
                .extract(parse(new BuyTransaction(), Encoding.JSON))).isEmpty();
    }

    /** Each event's bytes, decoded again by its program's decoder, give its result again. */
    private static void assertEachEventsBytesDecodeToIt(List<TransactionEvent> events) {
        for (TransactionEvent e : events) {
            EventDecoder decoder = PumpDecoders.EVENT_DECODERS.stream().filter(d -> d.programId().equals(e.programId())).findFirst().orElseThrow();
            assertThat(decoder.decode(e.data(), 0, e.data().length)).as("event %d", e.eventIndex()).isEqualTo(e.result());
        }
    }

    private static SolanaTransaction parse(BuyTransaction buy, Encoding encoding) throws TransactionFormatException {
        return RpcTransactionParser.parseTransactionWithMeta(buy.transactionWithMeta(encoding), 0, "tx");
    }

    /** A PumpSwap BuyEvent: its discriminator and a zero payload of the IDL's length. */
    private static byte[] ammBuyEvent() {
        ByteBuffer b = ByteBuffer.allocate(8 + 304).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(io.chainwatch.solana.pump.amm.BuyEvent.DISCRIMINATOR);
        return b.array();
    }

    /** The values the fixtures README lists for this trade. */
    static void assertReadmeTrade(TradeEvent t) {
        assertThat(t.mint().toBase58()).isEqualTo("BaWrqmzh9nqUkZRKB9p9WNaM8xKRrmcW9ztgLJrWpump");
        assertThat(t.solAmount()).isEqualTo(50051224L);
        assertThat(t.tokenAmount()).isEqualTo(693868985905L);
        assertThat(t.isBuy()).isTrue();
        assertThat(t.user().toBase58()).isEqualTo("DG6aWRd9ft47v9MZxeoHrxaJfVfLcXRTwC4RZ23DkokX");
        assertThat(t.timestamp()).isEqualTo(1770648745L);
        assertThat(t.virtualSolReserves()).isEqualTo(48211944649L);
        assertThat(t.virtualTokenReserves()).isEqualTo(667676865845292L);
        assertThat(t.realSolReserves()).isEqualTo(18211944649L);
        assertThat(t.realTokenReserves()).isEqualTo(387776865845292L);
        assertThat(t.feeRecipient().toBase58()).isEqualTo("62qc2CNXwrYqQScmEdiZFFAnJR262PxWEuNQtxfafNgV");
        assertThat(t.feeBasisPoints()).isEqualTo(95);
        assertThat(t.fee()).isEqualTo(475487L);
        assertThat(t.creator().toBase58()).isEqualTo("C9PS4bwcC6G81DhrqpC9v9BXwntirYPEQFycEvAQyqXN");
        assertThat(t.creatorFeeBasisPoints()).isEqualTo(30);
        assertThat(t.creatorFee()).isEqualTo(150154L);
        assertThat(t.ixName()).isEqualTo("buy");
    }
}
