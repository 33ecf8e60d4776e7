package io.chainwatch.bench.solana;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.JsonRpcTransport;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.solana.Base58;
import io.chainwatch.solana.feed.SolanaRpc;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The signature listing's work per answer (issue 3): one getSignaturesForAddress answer of 1,000
 * entries, as mainnet writes them (signature, slot, err, memo, blockTime, confirmationStatus; 5 %
 * failed with an InstructionError), read through {@link SolanaRpc#signatures} from the answer's
 * bytes, as {@code JsonRpcHttp} hands them over, to each entry's signature as the feed compares it
 * with the stream's (its base58 text, hashed). One op is one answer: divide by 1,000 for an entry.
 *
 * <p>No socket: the transport here only runs the reader on the answer's bytes (the HTTP path is in
 * the load run). Setup checks that every entry reads back as written.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class SignatureListingBenchmark {
    static final int ENTRIES = 1_000;
    private static final String PUMP = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

    private byte[] answer;
    private TxSignature[] expected;
    private SolanaRpc rpc;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20261204);
        StringBuilder sb = new StringBuilder("{\"jsonrpc\":\"2.0\",\"result\":[");
        expected = new TxSignature[ENTRIES];
        long slot = 300_000_000L + ENTRIES / 20;
        for (int i = 0; i < ENTRIES; i++) {
            byte[] signature = new byte[TxSignature.BYTES];
            random.nextBytes(signature);
            expected[i] = TxSignature.read(signature, 0);
            if (i % 20 == 0) {
                slot--; // 20 pump transactions a slot, the load run's
            }
            boolean failed = random.nextInt(20) == 0;
            sb.append(i == 0 ? "" : ",").append("{\"signature\":\"").append(Base58.encode(signature)).append("\",\"slot\":").append(slot)
                    .append(",\"err\":").append(failed ? "{\"InstructionError\":[2,{\"Custom\":6003}]}" : "null")
                    .append(",\"memo\":null,\"blockTime\":").append(1_733_300_000L + (slot - 300_000_000L) * 2 / 5)
                    .append(",\"confirmationStatus\":\"confirmed\"}");
        }
        answer = sb.append("],\"id\":7}").toString().getBytes(StandardCharsets.UTF_8);
        rpc = new SolanaRpc(new AnswerBytes(answer));
        List<SolanaRpc.SignatureInfo> listed = rpc.signatures(null, PUMP, null, ENTRIES, Commitment.CONFIRMED).join();
        if (listed.size() != ENTRIES) {
            throw new IllegalStateException("read " + listed.size() + " entries of " + ENTRIES);
        }
        for (int i = 0; i < ENTRIES; i++) {
            if (!listed.get(i).signature().equals(expected[i].toBase58())) {
                throw new IllegalStateException("entry " + i + " reads as " + listed.get(i) + ", written " + expected[i]);
            }
        }
    }

    /** Reads the answer and each entry's signature as the feed keys it: its text, hashed as the feed's map does. */
    @Benchmark
    public long listing() {
        long x = 0;
        for (SolanaRpc.SignatureInfo info : rpc.signatures(null, PUMP, null, ENTRIES, Commitment.CONFIRMED).join()) {
            x += info.signature().hashCode() ^ info.slot();
        }
        return x;
    }

    /** Answers every streaming call with the same bytes, read as JsonRpcHttp reads them: the result's first token onward. */
    private record AnswerBytes(byte[] answer) implements JsonRpcTransport {
        private static final JsonFactory JSON = new JsonFactory();

        @Override
        public <T> CompletableFuture<T> call(Endpoint endpoint, String method, Object params, ResultReader<T> reader) {
            try (JsonParser p = JSON.createParser(answer)) {
                p.nextToken();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    p.nextToken();
                    if (field.equals("result")) {
                        return CompletableFuture.completedFuture(reader.read(p));
                    }
                    p.skipChildren();
                }
                throw new IllegalStateException("no result");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public CompletableFuture<JsonNode> call(Endpoint endpoint, String method, Object params) {
            throw new UnsupportedOperationException("streaming calls only");
        }

        @Override
        public CompletableFuture<List<JsonNode>> batch(Endpoint endpoint, List<Call> calls) {
            throw new UnsupportedOperationException("streaming calls only");
        }
    }
}
