package io.chainwatch.bench.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.websocket.Utf8;
import io.chainwatch.market.pump.CurveBook;
import io.chainwatch.market.pump.EventPosition;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.pump.PumpEvent;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.feed.PubsubMessage;
import io.chainwatch.solana.feed.StoreRows;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.TransactionEvent;
import io.chainwatch.store.SolanaEventRow;
import io.chainwatch.store.internal.CopyBinary;
import io.chainwatch.store.internal.SolanaEventCopy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.postgresql.copy.CopyIn;
import org.postgresql.util.ByteStreamWriter;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The feed's work per WebSocket {@code logsNotification} (issue 3), stage by stage, in process: what
 * {@code SolanaFeed} does with each notification from the socket to the COPY buffer, without the
 * socket, the feed's queues or PostgreSQL. One op is one notification.
 *
 * <ul>
 *   <li>{@code frame}: the bytes of one whole frame as our WebSocket client hands them over: copied
 *       into the buffer it reuses (as the socket read leaves them, fresh in the cache), checked to be
 *       UTF-8 ({@link Utf8#isValid}), and passed to the endpoint module's {@link TextMessageListener}
 *       made with {@code ofUtf8}, as {@code LogsStream} takes them: no String. Before 2026-12-06 this
 *       stage made the message's String; {@link WebSocketReceiveBenchmark} measures it with the
 *       socket.</li>
 *   <li>{@code parse}: {@link PubsubMessage#read(byte[], int, int)}, as {@code LogsStream} reads every
 *       message: the log lines become views into the bytes.</li>
 *   <li>{@code decode}: {@link EventExtractor#extractFromLogs(LogLines)}, the events in the lines' bytes.</li>
 *   <li>{@code signature}: {@link TxSignature#fromBase58}, the transaction's key in the book.</li>
 *   <li>{@code book}: {@link CurveBook#apply} of each event at a new place (20 notifications a slot,
 *       as the load simulator makes them), the book pruned to the slots before each batch as
 *       finalization does.</li>
 *   <li>{@code rows}: {@link StoreRows#event}, the stored form of each event (its fields' JSON).</li>
 *   <li>{@code copy}: {@link SolanaEventCopy#encode}, the rows in PostgreSQL's binary COPY format,
 *       into a sink that drops the bytes.</li>
 *   <li>{@code all}: all of them, one notification after the other, the rows copied once per batch
 *       as a commit does.</li>
 * </ul>
 *
 * <p>Input: 1,024 notifications (a batch: one invocation handles them all) in the form a Solana node
 * sends them, each with the 49 log lines of a real mainnet buy transaction (bench resource
 * {@code buy-tx-logs.json}) whose {@code Program data:} line is one of {@link TradeEventLines}'
 * CURRENT lines (266- and 267-byte TradeEvents, varied values), and a random signature. Setup checks
 * that every notification decodes to its line's TradeEvent. The events name 392 distinct keys, all of
 * which fit the fields writer's cache of recent keys: {@code rows} is its figure for keys met before.
 *
 * <p>{@code java -jar bench/target/benchmarks.jar LogsIngest -prof io.chainwatch.bench.CpuTimeProfiler
 * -rf json -rff logs-ingest.json} (about 3 minutes); BENCHMARKS.md says how to take the medians.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class LogsIngestBenchmark {
    static final int COUNT = TradeEventLines.COUNT;
    private static final int PER_SLOT = 20;
    private static final long FIRST_SLOT = 300_000_000L;
    private static final Instant BLOCK_TIME = Instant.ofEpochSecond(1_770_648_745L);
    /** The kind code the store would give: every event here is of one kind, and a code is a lookup the store caches. */
    private static final SolanaEventCopy.KindCodes KIND = e -> (short) 1;

    private final EventExtractor extractor = EventExtractor.pumpFamily();
    private final TextMessageListener frames = TextMessageListener.ofUtf8(1 << 20, (utf8, offset, length) -> lastLength = length,
            (kind, why) -> {
                throw new IllegalStateException(kind + ": " + why);
            });
    private final WebSocket socket = new NoSocket();
    private final CopyBinary copy = new CopyBinary(new DroppingCopyIn());

    /** The socket's read buffer, reused frame after frame. */
    private final byte[] frameBytes = new byte[1 << 16];
    /** The notifications' UTF-8 bytes; {@link #messages} are views into them. */
    private byte[][] texts;
    private PubsubMessage[] messages;
    private List<TransactionEvent>[] events;
    private TxSignature[] signatures;
    private List<SolanaEventRow> rows;
    private int lastLength;
    /** The book and the slot of the next batch: owned by the one benchmark thread. */
    private CurveBook book;
    private long batchSlot;

    @Setup(Level.Trial)
    @SuppressWarnings({"unchecked", "rawtypes"}) // an array of lists
    public void setUp() throws IOException, SQLException {
        TradeEventLines trades = TradeEventLines.generate(TradeEventLines.Layout.CURRENT);
        String[] notifications = notifications(trades.lines());
        texts = new byte[COUNT][];
        messages = new PubsubMessage[COUNT];
        events = new List[COUNT];
        signatures = new TxSignature[COUNT];
        rows = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            texts[i] = notifications[i].getBytes(StandardCharsets.UTF_8);
            messages[i] = PubsubMessage.read(texts[i], 0, texts[i].length);
            events[i] = extractor.extractFromLogs(messages[i].logs());
            signatures[i] = TxSignature.fromBase58(messages[i].signature());
            if (events[i].size() != 1 || !trades.expected().get(i).equals(events[i].getFirst().event())) {
                throw new IllegalStateException("notification " + i + " decodes to " + events[i] + ", expected " + trades.expected().get(i));
            }
            rows.add(row(i, events[i].getFirst(), FIRST_SLOT));
        }
        book = new CurveBook(CurveBook.Settings.MAINNET);
        batchSlot = FIRST_SLOT;
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void frame(Blackhole bh) {
        for (int i = 0; i < COUNT; i++) {
            frame(i);
            bh.consume(lastLength);
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void parse(Blackhole bh) throws IOException {
        for (byte[] text : texts) {
            bh.consume(PubsubMessage.read(text, 0, text.length));
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void decode(Blackhole bh) {
        for (PubsubMessage m : messages) {
            bh.consume(extractor.extractFromLogs(m.logs()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void signature(Blackhole bh) {
        for (PubsubMessage m : messages) {
            bh.consume(TxSignature.fromBase58(m.signature()));
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void book(Blackhole bh) {
        long first = nextBatch();
        for (int i = 0; i < COUNT; i++) {
            apply(first + i / PER_SLOT, signatures[i], events[i], bh);
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void rows(Blackhole bh) {
        for (int i = 0; i < COUNT; i++) {
            for (TransactionEvent e : events[i]) {
                bh.consume(row(i, e, FIRST_SLOT + i / PER_SLOT));
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void copy() throws SQLException {
        SolanaEventCopy.encode(copy, rows, KIND);
    }

    /** Every stage, notification by notification; the batch's rows are copied at its end, as a commit copies them. */
    @Benchmark
    @OperationsPerInvocation(COUNT)
    public void all(Blackhole bh) throws IOException, SQLException {
        long first = nextBatch();
        List<SolanaEventRow> out = new ArrayList<>(COUNT);
        for (int i = 0; i < COUNT; i++) {
            frame(i);
            PubsubMessage m = PubsubMessage.read(frameBytes, 0, lastLength);
            List<TransactionEvent> found = extractor.extractFromLogs(m.logs());
            TxSignature sig = TxSignature.fromBase58(m.signature());
            long slot = first + i / PER_SLOT;
            apply(slot, sig, found, bh);
            for (TransactionEvent e : found) {
                out.add(StoreRows.event(sig, slot, SolanaEventRow.UNKNOWN_TX_INDEX, BLOCK_TIME, e, Commitment.CONFIRMED));
            }
        }
        SolanaEventCopy.encode(copy, out, KIND);
    }

    /**
     * Notification {@code i} as our client hands it to the listener: its bytes in the reused read
     * buffer (fresh in the cache, as a frame just read is), checked to be UTF-8.
     */
    private void frame(int i) {
        byte[] text = texts[i];
        System.arraycopy(text, 0, frameBytes, 0, text.length);
        if (!Utf8.isValid(frameBytes, 0, text.length)) {
            throw new IllegalStateException("notification " + i + " is not UTF-8");
        }
        frames.onText(socket, frameBytes, 0, text.length);
    }

    private void apply(long slot, TxSignature sig, List<TransactionEvent> found, Blackhole bh) {
        for (TransactionEvent e : found) {
            if (e.event() instanceof PumpEvent pe) {
                bh.consume(book.apply(new EventPosition(slot, sig, SolanaEventRow.UNKNOWN_TX_INDEX, e.eventIndex()), pe));
            }
        }
    }

    /** The first slot of the next batch; the slots before it are final, as the feed prunes the book. */
    private long nextBatch() {
        long first = batchSlot;
        batchSlot += COUNT / PER_SLOT + 1;
        book.prune(first - 1);
        return first;
    }

    private SolanaEventRow row(int i, TransactionEvent e, long slot) {
        return StoreRows.event(signatures[i], slot, SolanaEventRow.UNKNOWN_TX_INDEX, BLOCK_TIME, e, Commitment.CONFIRMED);
    }

    /** One logsNotification per line: the real transaction's logs with {@code line} as its event. */
    static String[] notifications(List<String> dataLines) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> logs = new ArrayList<>();
        try (InputStream in = LogsIngestBenchmark.class.getResourceAsStream("buy-tx-logs.json")) {
            if (in == null) {
                throw new IOException("bench resource buy-tx-logs.json is missing");
            }
            json.readTree(in).get("log_messages").forEach((JsonNode n) -> logs.add(n.asText()));
        }
        int dataAt = -1;
        for (int i = 0; i < logs.size(); i++) {
            if (logs.get(i).startsWith(TradeEventLines.PREFIX)) {
                dataAt = i;
            }
        }
        Random random = new Random(TradeEventLines.SEED);
        String[] out = new String[dataLines.size()];
        byte[] signature = new byte[64];
        for (int i = 0; i < out.length; i++) {
            logs.set(dataAt, dataLines.get(i));
            random.nextBytes(signature);
            out[i] = "{\"jsonrpc\":\"2.0\",\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":"
                    + (FIRST_SLOT + i / PER_SLOT) + "},\"value\":{\"signature\":\"" + Base58.encode(signature)
                    + "\",\"err\":null,\"logs\":" + json.writeValueAsString(logs) + "}},\"subscription\":2}}";
        }
        return out;
    }

    /** The socket a listener asks for more from; nothing to ask here. */
    private static final class NoSocket implements WebSocket {
        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            return CompletableFuture.completedFuture(this);
        }

        @Override
        public void request(long n) {
        }

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {
        }
    }

    /** A COPY that takes the bytes and drops them: the encoding is measured, not the server. */
    private static final class DroppingCopyIn implements CopyIn {
        private long bytes;

        @Override
        public void writeToCopy(byte[] buf, int off, int siz) {
            bytes += siz;
        }

        @Override
        public void writeToCopy(ByteStreamWriter from) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flushCopy() {
        }

        @Override
        public long endCopy() {
            return bytes;
        }

        @Override
        public int getFieldCount() {
            return 16;
        }

        @Override
        public int getFormat() {
            return 1;
        }

        @Override
        public int getFieldFormat(int field) {
            return 1;
        }

        @Override
        public boolean isActive() {
            return true;
        }

        @Override
        public void cancelCopy() {
        }

        @Override
        public long getHandledRowCount() {
            return 0;
        }
    }
}
