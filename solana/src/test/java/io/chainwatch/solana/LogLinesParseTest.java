package io.chainwatch.solana;

import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.tx.EventExtractor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.chainwatch.solana.LogEventParserTest.data;
import static io.chainwatch.solana.LogEventParserTest.invoke;
import static io.chainwatch.solana.LogEventParserTest.success;
import static io.chainwatch.solana.LogEventParserTest.trade;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Log lines given as byte ranges ({@link LogLines}), as a stream's reader hands them over: views
 * into one shared array at odd offsets, with bytes around them that must not be read, read the same
 * as the lines given as Strings.
 */
@Timeout(30)
class LogLinesParseTest {
    private static final String PUMP = PumpProgram.ID.toBase58();
    private final LogEventParser parser = PumpDecoders.logEventParser();

    @Test
    void mainnetLogsAsViewsIntoOneArrayDecodeAsTheirStrings() {
        List<String> logs = Fixtures.buyTxLogs();
        LogLines views = packed(logs, "Program data: AAAA\"".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.parse(views)).isEqualTo(parser.parse(logs)).hasSize(1);
        assertThat(EventExtractor.pumpFamily().extractFromLogs(views)).isEqualTo(EventExtractor.pumpFamily().extractFromLogs(logs));
        assertThat(views.toStrings()).isEqualTo(logs);
    }

    @Test
    void aLineEndsAtItsLengthThoughTheArrayGoesOn() {
        // The bytes after each view look like more base64 and more of an invoke line: a reader that ran on would misread them.
        List<String> logs = List.of(invoke(PUMP, 1), data(trade(7)), success(PUMP));
        LogLines views = packed(logs, "AAAA1] success".getBytes(StandardCharsets.UTF_8));
        assertThat(parser.parse(views)).isEqualTo(parser.parse(logs))
                .extracting(e -> ((TradeEvent) e.event()).solAmount()).containsExactly(7L);
        String line = data(trade(4));
        byte[] around = ("xx" + line + "AAAA").getBytes(StandardCharsets.UTF_8);
        assertThat(parser.decodeDataLine(PumpEventDecoder.INSTANCE, around, 2, line.length()))
                .isEqualTo(parser.decodeDataLine(PumpEventDecoder.INSTANCE, line));
    }

    @Test
    void aLineCutShortOfItsPrefixOrDepthIsNoStructureLine() {
        List<String> logs = List.of(invoke(PUMP, 1), data(trade(1)), "Program " + PUMP + " invoke [", "Program " + PUMP + " invoke",
                "Program", "Program ", "Program data:", "Program data: ", "Log truncat", success(PUMP));
        assertThat(parser.parse(packed(logs, new byte[] {'2', ']'}))).isEqualTo(parser.parse(logs));
    }

    @Test
    void nonAsciiLinesAndNonAsciiInBase64ReadAsTheirStringsDo() {
        String rocket = "Program log: memo é € 🚀 \u0000 \"quoted\"";
        String badData = "Program data: AAé=";
        List<String> logs = Arrays.asList(invoke(PUMP, 1), rocket, null, data(trade(2)), badData, "Program é invoke [2]", data(trade(3)),
                success(PUMP));
        List<LogEvent> fromStrings = parser.parse(logs);
        assertThat(parser.parse(packed(logs, "é".getBytes(StandardCharsets.UTF_8)))).isEqualTo(fromStrings);
        assertThat(fromStrings).extracting(LogEvent::logIndex).containsExactly(3, 4);
        assertThat(fromStrings.get(1).result()).isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void linesGrowPastTheirFirstRoomAndAnIndexOutsideIsRefused() {
        LogLines lines = new LogLines(1);
        for (int i = 0; i < 70; i++) {
            byte[] bytes = ("line " + i).getBytes(StandardCharsets.UTF_8);
            lines.add(bytes, 0, bytes.length);
        }
        assertThat(lines.size()).isEqualTo(70);
        assertThat(lines.line(69)).isEqualTo("line 69");
        assertThatThrownBy(() -> lines.line(70)).isInstanceOf(IndexOutOfBoundsException.class);
        lines.clear();
        assertThat(lines.size()).isZero();
        assertThat(LogLines.of(Arrays.asList("a", null)).toStrings()).containsExactly("a", "");
    }

    /** The lines' UTF-8 bytes laid one after the other in one array, {@code between} before and after each. */
    static LogLines packed(List<String> lines, byte[] between) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<int[]> places = new ArrayList<>();
        for (String line : lines) {
            out.writeBytes(between);
            byte[] bytes = line == null ? new byte[0] : line.getBytes(StandardCharsets.UTF_8);
            places.add(new int[] {out.size(), bytes.length});
            out.writeBytes(bytes);
        }
        out.writeBytes(between);
        byte[] all = out.toByteArray();
        LogLines views = new LogLines(4);
        for (int[] place : places) {
            views.add(all, place[0], place[1]);
        }
        return views;
    }
}
