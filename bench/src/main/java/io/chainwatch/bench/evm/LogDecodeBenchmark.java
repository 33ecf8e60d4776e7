package io.chainwatch.bench.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.evm.decode.DecodeResult;
import io.chainwatch.evm.decode.UniswapV2LogDecoder;
import io.chainwatch.evm.rpc.EvmLog;
import io.chainwatch.market.PoolEvent;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;
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
import org.openjdk.jmh.infra.Blackhole;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint256;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Uniswap V2 Sync and Swap decoding (issue 2): our {@link UniswapV2LogDecoder} against web3j's
 * ABI decoder on the same 1,024 logs, cycled through. One op is one log.
 *
 * <p>Both start from the {@link EvmLog} our JSON edge makes. web3j does its usual work: topic0
 * is matched against {@link EventEncoder#encode} (computed once, here in setup), the data words go
 * through {@link FunctionReturnDecoder#decode} and the indexed topics (Swap's sender and to)
 * through {@link FunctionReturnDecoder#decodeIndexedValue}. web3j needs topics as text, so their
 * hex is made in setup, outside the measurement: that favours web3j, and the ratio is a lower
 * bound. Ours also builds the position record and the pool address; web3j does not.
 *
 * <p>Setup checks that both produce the same values for every log, so the two do the same work.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 3) // web3j was still speeding up after 15 s on a busy 2-core box
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Threads(1)
@State(Scope.Thread)
@SuppressWarnings("rawtypes") // web3j's decode API is written in terms of the raw Type
public class LogDecodeBenchmark {
    private static final int LOGS = 1 << 10;
    private static final int MASK = LOGS - 1;
    private static final long SEED = 2;

    private static final Event SYNC = new Event("Sync", List.<TypeReference<?>>of(
            new TypeReference<Uint112>() { }, new TypeReference<Uint112>() { }));
    private static final Event SWAP = new Event("Swap", List.<TypeReference<?>>of(
            new TypeReference<org.web3j.abi.datatypes.Address>(true) { }, new TypeReference<Uint256>() { },
            new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { },
            new TypeReference<org.web3j.abi.datatypes.Address>(true) { }));

    /** SYNC, SWAP, or MIX (Sync and Swap alternating, as a swap emits them). */
    @Param({"SYNC", "SWAP", "MIX"})
    public String mix;

    private final UniswapV2LogDecoder decoder = new UniswapV2LogDecoder("ethereum");
    private EvmLog[] logs;
    /** Topics as hex text for web3j, made outside the measurement. */
    private String[][] topicHex;
    private Hash32 web3jSyncTopic;
    private Hash32 web3jSwapTopic;
    private List<TypeReference<Type>> syncData;
    private List<TypeReference<Type>> swapData;
    private TypeReference<Type> swapSender;
    private TypeReference<Type> swapTo;
    /** Next log to decode; owned by the one benchmark thread of this state. */
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        logs = PairLogs.generate(PairLogs.Mix.valueOf(mix), LOGS, new Random(SEED));
        topicHex = new String[LOGS][];
        for (int i = 0; i < LOGS; i++) {
            topicHex[i] = logs[i].topics().stream().map(Hash32::hex).toArray(String[]::new);
        }
        web3jSyncTopic = Hash32.of(EventEncoder.encode(SYNC));
        web3jSwapTopic = Hash32.of(EventEncoder.encode(SWAP));
        // Event computes these lists on every call; a careful web3j user keeps them.
        syncData = SYNC.getNonIndexedParameters();
        swapData = SWAP.getNonIndexedParameters();
        swapSender = SWAP.getIndexedParameters().get(0);
        swapTo = SWAP.getIndexedParameters().get(1);
        checkBothDecodeTheSameValues();
    }

    @Benchmark
    public DecodeResult ours() {
        return decoder.decode(logs[next++ & MASK]);
    }

    @Benchmark
    public void web3j(Blackhole bh) {
        int i = next++ & MASK;
        EvmLog log = logs[i];
        Hash32 topic0 = log.topics().getFirst();
        if (topic0.equals(web3jSyncTopic)) {
            bh.consume(FunctionReturnDecoder.decode(log.data(), syncData));
        } else if (topic0.equals(web3jSwapTopic)) {
            String[] topics = topicHex[i];
            bh.consume(FunctionReturnDecoder.decodeIndexedValue(topics[1], swapSender));
            bh.consume(FunctionReturnDecoder.decodeIndexedValue(topics[2], swapTo));
            bh.consume(FunctionReturnDecoder.decode(log.data(), swapData));
        }
    }

    private void checkBothDecodeTheSameValues() {
        for (int i = 0; i < LOGS; i++) {
            EvmLog log = logs[i];
            PoolEvent event = ((DecodeResult.Decoded) decoder.decode(log)).event();
            List<Object> ours;
            List<Object> theirs;
            if (event instanceof Sync s) {
                ours = List.of(big(s.reserve0()), big(s.reserve1()));
                theirs = values(FunctionReturnDecoder.decode(log.data(), syncData));
            } else if (event instanceof Swap s) {
                ours = List.of(text(s.sender()), text(s.to()),
                        big(s.amount0In()), big(s.amount1In()), big(s.amount0Out()), big(s.amount1Out()));
                theirs = new ArrayList<>();
                theirs.add(FunctionReturnDecoder.decodeIndexedValue(topicHex[i][1], swapSender).getValue());
                theirs.add(FunctionReturnDecoder.decodeIndexedValue(topicHex[i][2], swapTo).getValue());
                theirs.addAll(values(FunctionReturnDecoder.decode(log.data(), swapData)));
            } else {
                throw new IllegalStateException("log " + i + " decoded to " + event);
            }
            if (!ours.equals(theirs)) {
                throw new IllegalStateException("log " + i + ": ours " + ours + " but web3j " + theirs);
            }
        }
    }

    private static List<Object> values(List<Type> decoded) {
        return decoded.stream().map(Type::getValue).toList();
    }

    private static BigInteger big(U256 v) {
        return v.toBigInteger();
    }

    private static String text(Address a) {
        return a.hex();
    }
}
