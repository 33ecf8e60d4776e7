package io.chainwatch.bench.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.market.pump.TxSignature;
import io.chainwatch.sim.solana.PumpActivity;
import io.chainwatch.sim.solana.SolanaSimConfig;
import io.chainwatch.sim.solana.SolanaSimulator;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.RpcTransactionParser;
import io.chainwatch.solana.tx.SolanaBlock;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionFormatException;
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
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reading a slot whole, as the feed does when the stream did not bring it (issue 3): the simulator's
 * getBlock answers (base64 transactions with meta and logs, twenty pump.fun trades a slot), read from
 * their bytes as {@code JsonRpcHttp} and {@code SolanaRpc.block} read them, and each succeeded
 * transaction's events extracted with its signature, as {@code SolanaFeed.applyBlock} does. One op is
 * one block; the set-up prints how many transactions a block holds (21 on average), to divide by.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
public class BlockReadBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SLOTS = 64;

    private final List<byte[]> answers = new ArrayList<>();
    private final EventExtractor extractor = EventExtractor.pumpFamily();
    private int transactions;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException, TransactionFormatException {
        SolanaSimConfig config = SolanaSimConfig.manual(20261205).withEndpoints(1)
                .withActivity(PumpActivity.typical().withTradesPerSlot(20));
        try (SolanaSimulator sim = SolanaSimulator.start(config); HttpClient http = HttpClient.newHttpClient()) {
            sim.produceSlots(SLOTS + 40);
            long first = sim.slot(io.chainwatch.sim.solana.Commitment.FINALIZED) - SLOTS;
            URI url = sim.endpoint(0).httpUrl();
            for (long slot = first; slot < first + SLOTS; slot++) {
                String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getBlock\",\"params\":[" + slot + ",{\"encoding\":\"base64\","
                        + "\"transactionDetails\":\"full\",\"rewards\":false,\"maxSupportedTransactionVersion\":0,\"commitment\":\"finalized\"}]}";
                HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(url).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
                JsonNode result = JSON.readTree(r.body()).get("result");
                if (result == null || result.isNull()) {
                    continue; // skipped
                }
                transactions += RpcTransactionParser.parseBlock(result).transactions().size();
                answers.add(r.body());
            }
        }
        if (answers.isEmpty() || transactions == 0) {
            throw new IllegalStateException("the simulator gave no blocks with transactions");
        }
        System.out.printf("%n%d blocks, %d transactions, %.1f kB an answer%n", answers.size(), transactions,
                answers.stream().mapToInt(a -> a.length).average().orElse(0) / 1e3);
    }

    /** One block read whole. */
    @Benchmark
    public void block(Blackhole bh) throws IOException, TransactionFormatException {
        byte[] answer = answers.get(next);
        next = (next + 1) % answers.size();
        SolanaBlock block = RpcTransactionParser.parseBlock(JSON.readTree(answer).get("result"));
        for (SolanaTransaction tx : block.transactions()) {
            if (tx.succeeded()) {
                var events = extractor.extract(tx);
                if (!events.isEmpty()) {
                    bh.consume(TxSignature.fromBase58(tx.signature()));
                    bh.consume(events);
                }
            }
        }
    }
}
