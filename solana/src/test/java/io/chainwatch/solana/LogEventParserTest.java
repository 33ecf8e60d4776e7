package io.chainwatch.solana;

import io.chainwatch.solana.pump.CompleteEvent;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.pump.amm.BuyEvent;
import io.chainwatch.solana.pump.amm.PumpAmmProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Attribution of {@code Program data:} lines by the invoke stack, on synthesised logs. */
@Timeout(30)
class LogEventParserTest {
    private static final String PUMP = PumpProgram.ID.toBase58();
    private static final String AMM = PumpAmmProgram.ID.toBase58();
    /** A program that emits an event named TradeEvent too (so the same discriminator). */
    private static final String COPYCAT = "CopycaT1111111111111111111111111111111111111";
    private static final String TOKEN = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";

    private final LogEventParser parser = PumpDecoders.logEventParser();

    @Test
    void aDataLineBelongsToTheProgramOnTopOfTheStack() {
        List<String> logs = List.of(
                invoke(PUMP, 1),
                "Program log: Instruction: Buy",
                invoke(TOKEN, 2),
                data(trade(1)), // the token program's line, not pump's
                success(TOKEN),
                data(trade(2)),
                invoke(PUMP, 2), // self-CPI: pump's own event instruction
                success(PUMP),
                consumed(PUMP),
                success(PUMP));
        List<LogEvent> events = parser.parse(logs);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().logIndex()).isEqualTo(5);
        assertThat(events.getFirst().eventIndex()).isZero();
        assertThat(events.getFirst().programId()).isEqualTo(PumpProgram.ID);
        assertThat(((TradeEvent) events.getFirst().event()).solAmount()).isEqualTo(2);
    }

    @Test
    void anotherProgramsEventWithTheSameDiscriminatorIsNotPumps() {
        List<String> logs = List.of(
                invoke(COPYCAT, 1),
                data(trade(1)),
                invoke(PUMP, 2),
                data(trade(2)),
                success(PUMP),
                data(trade(3)),
                success(COPYCAT));
        List<LogEvent> events = parser.parse(logs);
        assertThat(events).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(2L);
        assertThat(events.getFirst().logIndex()).isEqualTo(3);
    }

    @Test
    void aFailedProgramLeavesTheStack() {
        List<String> logs = List.of(
                invoke(PUMP, 1),
                invoke(COPYCAT, 2),
                "Program failed to complete: exceeded CUs meter at BPF instruction",
                "Program " + COPYCAT + " failed: custom program error: 0x1771",
                data(trade(7)),
                "Program " + PUMP + " failed: custom program error: 0x1771",
                data(trade(8)));
        assertThat(parser.parse(logs)).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(7L);
    }

    @Test
    void deeplyNestedInvokesUnwindInOrder() {
        List<String> logs = new ArrayList<>();
        logs.add(invoke(COPYCAT, 1));
        logs.add(invoke(PUMP, 2));
        logs.add(invoke(TOKEN, 3));
        logs.add(invoke(COPYCAT, 4));
        logs.add(data(trade(1)));
        logs.add(success(COPYCAT));
        logs.add(data(trade(2)));
        logs.add(success(TOKEN));
        logs.add(data(trade(3)));
        logs.add(success(PUMP));
        logs.add(data(trade(4)));
        logs.add(success(COPYCAT));
        logs.add(data(trade(5)));
        assertThat(parser.parse(logs)).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(3L);
    }

    @Test
    void pumpAndPumpSwapEventsInOneTransactionAreNumberedTogether() {
        byte[] buy = new BorshWriter().discriminator("event:BuyEvent").i64(1_770_000_000L).zeros(13 * 8).zeros(6 * 32).bytes();
        byte[] complete = new BorshWriter().discriminator("event:CompleteEvent").zeros(96).i64(9).bytes();
        List<String> logs = List.of(
                invoke(PUMP, 1),
                data(trade(1)),
                data(complete),
                success(PUMP),
                invoke(AMM, 1),
                data(buy),
                data(trade(2)), // a pump discriminator under PumpSwap: not a PumpSwap event we know
                success(AMM));
        List<LogEvent> events = parser.parse(logs);
        assertThat(events).extracting(LogEvent::eventIndex).containsExactly(0, 1, 2, 3);
        assertThat(events).extracting(LogEvent::logIndex).containsExactly(1, 2, 5, 6);
        assertThat(events).extracting(LogEvent::programId).containsExactly(PumpProgram.ID, PumpProgram.ID, PumpAmmProgram.ID, PumpAmmProgram.ID);
        assertThat(events.get(0).event()).isInstanceOf(TradeEvent.class);
        assertThat(events.get(1).event()).isInstanceOf(CompleteEvent.class);
        assertThat(((BuyEvent) events.get(2).event()).timestamp()).isEqualTo(1_770_000_000L);
        assertThat(events.get(3).result()).isEqualTo(DecodeResult.unknown());
    }

    @Test
    void badBase64OrBytesAreMalformedAndParsingGoesOn() {
        List<String> logs = List.of(
                invoke(PUMP, 1),
                "Program data: vdt/007mYe6dKsx*fMbYbJAUjzVU",
                "Program data: vdt/007mYe6d=",
                "Program data: ",
                "Program data: vdt/007mYe4=", // 8 bytes: the TradeEvent discriminator, nothing after it
                data(trade(3)),
                success(PUMP));
        List<LogEvent> events = parser.parse(logs);
        assertThat(events).hasSize(5);
        assertThat(events.subList(0, 4)).allSatisfy(e -> assertThat(e.result()).isInstanceOf(DecodeResult.Malformed.class));
        assertThat(((DecodeResult.Malformed<ProgramEvent>) events.get(0).result()).reason()).contains("not base64");
        assertThat(((DecodeResult.Malformed<ProgramEvent>) events.get(3).result()).reason()).contains("TradeEvent").contains("truncated");
        assertThat(((TradeEvent) events.get(4).event()).solAmount()).isEqualTo(3);
        assertThat(events.get(4).eventIndex()).isEqualTo(4);
        // Each event keeps the bytes its decoder read: none when the line is not base64.
        assertThat(events.get(0).data()).isEmpty();
        assertThat(events.get(2).data()).isEmpty();
        assertThat(events.get(3).data()).hasSize(8);
        assertThat(events.get(4).data()).isEqualTo(trade(3));
    }

    @Test
    void eachEventKeepsItsLinesBytesFirstSliceOnly() {
        byte[] second = trade(2);
        List<LogEvent> events = parser.parse(List.of(invoke(PUMP, 1), data(trade(1)) + " " + Base64.getEncoder().encodeToString(second),
                "Program data: " + Base64.getEncoder().withoutPadding().encodeToString(second), success(PUMP)));

        assertThat(events).extracting(LogEvent::data).containsExactly(trade(1), second);
        for (LogEvent e : events) {
            assertThat(PumpEventDecoder.INSTANCE.decode(e.data()).valueOrNull()).isEqualTo(e.event()).isNotNull();
        }
        byte[] handedOut = events.getFirst().data();
        handedOut[0]++;
        assertThat(events.getFirst().data()).isEqualTo(trade(1));
    }

    @Test
    void structureLinesThatMakeNoSenseDoNotBreakTheParser() {
        List<String> logs = new ArrayList<>(List.of(
                data(trade(1)), // before any invoke: nobody's
                "Program",
                "Program ",
                "Program  invoke [1]",
                "Program " + PUMP + " invoke [",
                "Program " + PUMP + " invoke [99999]",
                "Program " + PUMP + " invoke [0]",
                "Program " + PUMP + " success",
                "Program " + PUMP + " success",
                "Program " + PUMP + " success",
                "Program " + PUMP + " success",
                "",
                "random text",
                "Program " + PUMP + " invoke [1]"));
        logs.add(null);
        logs.add(data(trade(5)));
        assertThat(parser.parse(logs)).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(5L);
    }

    @Test
    void theInvokeDepthIsTrustedSoALogStartingMidStackStillAttributes() {
        List<String> logs = List.of(
                invoke(PUMP, 3), // levels 1 and 2 were cut off: unknown programs
                data(trade(1)),
                success(PUMP),
                data(trade(2)), // level 2, unknown program
                invoke(PUMP, 2), // missing success lines before: depth resets to 2
                data(trade(3)));
        assertThat(parser.parse(logs)).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(1L, 3L);
    }

    @Test
    void parsingStopsAtLogTruncated() {
        List<String> logs = List.of(invoke(PUMP, 1), data(trade(1)), "Log truncated", data(trade(2)));
        assertThat(parser.parse(logs)).hasSize(1);
    }

    @Test
    void aDataLineWithSeveralSlicesIsReadByItsFirst() {
        String line = data(trade(4)) + " AAAA";
        assertThat(((TradeEvent) parser.decodeDataLine(PumpEventDecoder.INSTANCE, line).valueOrNull()).solAmount()).isEqualTo(4);
        assertThat(parser.decodeDataLine(PumpEventDecoder.INSTANCE, "Program log: hi")).isEqualTo(DecodeResult.unknown());
        assertThat(parser.decodeDataLine(PumpEventDecoder.INSTANCE, null)).isEqualTo(DecodeResult.unknown());
    }

    @Test
    void aHugeLineIsDecodedWithoutKeepingItsBuffer() {
        byte[] big = new BorshWriter().raw(trade(9)).zeros(200_000).bytes();
        List<LogEvent> events = parser.parse(List.of(invoke(PUMP, 1), data(big), data(trade(10))));
        assertThat(events).extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(9L, 10L);
    }

    @Test
    void decodersMustNameDistinctPrograms() {
        assertThatThrownBy(() -> new LogEventParser(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogEventParser(List.of(PumpEventDecoder.INSTANCE, PumpEventDecoder.INSTANCE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(PUMP);
    }

    static byte[] trade(long solAmount) {
        return new BorshWriter().discriminator("event:TradeEvent").pubkey(PublicKey.ZERO).u64(solAmount).u64(1).bool(true)
                .pubkey(PublicKey.ZERO).i64(0).u64(0).u64(0).u64(0).u64(0).bytes();
    }

    static String data(byte[] payload) {
        return "Program data: " + Base64.getEncoder().encodeToString(payload);
    }

    static String invoke(String program, int depth) {
        return "Program " + program + " invoke [" + depth + "]";
    }

    static String success(String program) {
        return "Program " + program + " success";
    }

    static String consumed(String program) {
        return "Program " + program + " consumed 68600 of 179974 compute units";
    }
}
