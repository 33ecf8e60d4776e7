package io.chainwatch.bench.solana;

import io.chainwatch.solana.DecodeResult;
import io.chainwatch.solana.LogEventParser;
import io.chainwatch.solana.ProgramEvent;
import io.chainwatch.solana.pump.PumpDecoders;
import io.chainwatch.solana.pump.PumpEventDecoder;
import io.chainwatch.solana.pump.TradeEvent;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * pump TradeEvent decoding from {@code Program data:} lines (issue 3): ours, through
 * {@link LogEventParser#decodeDataLine} with {@link PumpEventDecoder}, on the 1,024 lines of
 * {@link TradeEventLines}, cycled through. One op is one line: prefix check, base64, discriminator,
 * the {@link TradeEvent} record in a {@link DecodeResult}.
 *
 * <p>The peer, pump.fun's SDK under node, runs in {@code bench/node/trade-decode.mjs} on the same
 * lines; {@code bench/run-trade-decode.sh} runs both and prints the ratio. When that script sets
 * {@value #LINES_DIR_PROPERTY}, setup checks that the lines it gives node are these lines.
 *
 * <p>Setup checks that every line decodes to the generator's record, all fields equal.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 3)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class TradeEventDecodeBenchmark {
    /** A folder holding {@code trade-LAYOUT.lines} written by {@link TradeEventLines#main}; optional. */
    public static final String LINES_DIR_PROPERTY = "chainwatch.bench.tradeLinesDir";
    private static final int MASK = TradeEventLines.COUNT - 1;

    /** A {@link TradeEventLines.Layout}. */
    @Param({"CURRENT", "MIXED", "IDL"})
    public String layout;

    private final LogEventParser parser = PumpDecoders.logEventParser();
    private String[] lines;
    /** Next line to decode; owned by the one benchmark thread of this state. */
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        TradeEventLines.Layout which = TradeEventLines.Layout.valueOf(layout);
        TradeEventLines generated = TradeEventLines.generate(which);
        lines = generated.lines().toArray(String[]::new);
        checkTheSameLinesAsNode(which);
        checkEveryLineDecodesToItsValues(generated.expected());
    }

    @Benchmark
    public DecodeResult<ProgramEvent> ours() {
        return parser.decodeDataLine(PumpEventDecoder.INSTANCE, lines[next++ & MASK]);
    }

    private void checkTheSameLinesAsNode(TradeEventLines.Layout which) throws IOException {
        String dir = System.getProperty(LINES_DIR_PROPERTY);
        if (dir == null) {
            return;
        }
        Path file = TradeEventLines.linesFile(Path.of(dir), which);
        if (!Files.readAllLines(file, StandardCharsets.UTF_8).equals(List.of(lines))) {
            throw new IllegalStateException(file + " does not hold the lines this benchmark decodes: regenerate it");
        }
    }

    private void checkEveryLineDecodesToItsValues(List<TradeEvent> expected) {
        for (int i = 0; i < lines.length; i++) {
            DecodeResult<ProgramEvent> result = parser.decodeDataLine(PumpEventDecoder.INSTANCE, lines[i]);
            if (!expected.get(i).equals(result.valueOrNull())) {
                throw new IllegalStateException(layout + " line " + i + ": decoded " + result + ", expected " + expected.get(i));
            }
        }
    }
}
