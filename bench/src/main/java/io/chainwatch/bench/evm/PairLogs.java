package io.chainwatch.bench.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.core.U256;
import io.chainwatch.evm.decode.UniswapV2Topics;
import io.chainwatch.evm.rpc.EvmLog;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;

/**
 * Uniswap V2 pair logs shaped like mainnet ones, as our JSON edge hands them on: topics parsed to
 * {@link Hash32}, data left as {@code 0x} hex text.
 *
 * <p>Amounts are what real pairs carry: reserves of 40 to 100 bits (a 6-decimal stablecoin up to
 * an 18-decimal token with a billion units), swaps with one side in and the other side out (the
 * two unused amounts are zero), most swaps sent by the V2 router. A swap emits its pair's Sync
 * and then its Swap, so a {@link Mix#MIX} alternates the two within one transaction.
 */
final class PairLogs {
    /** Which logs a benchmark cycles through. */
    enum Mix { SYNC, SWAP, MIX }

    private static final Address ROUTER_V2 = Address.of("0x7a250d5630b4cf539739df2c5dacb4c659f2488d");
    private static final int POOLS = 64;

    private final Random random;
    private final Address[] pools = new Address[POOLS];

    private PairLogs(Random random) {
        this.random = random;
        for (int i = 0; i < POOLS; i++) {
            pools[i] = randomAddress();
        }
    }

    /** {@code count} logs of the given mix, the same for the same {@code random} seed. */
    static EvmLog[] generate(Mix mix, int count, Random random) {
        return new PairLogs(random).logs(mix, count);
    }

    private EvmLog[] logs(Mix mix, int count) {
        EvmLog[] out = new EvmLog[count];
        long block = 21_000_000;
        int logIndex = 0;
        for (int i = 0; i < count; i++) {
            if (random.nextInt(8) == 0) {
                block++;
                logIndex = 0;
            }
            boolean swap = switch (mix) {
                case SYNC -> false;
                case SWAP -> true;
                case MIX -> (i & 1) == 1;
            };
            Address pool = pools[random.nextInt(POOLS)];
            Hash32 txHash = randomHash();
            Hash32 blockHash = new Hash32(block, 0, 0, block);
            out[i] = swap ? swap(block, blockHash, txHash, logIndex++, pool) : sync(block, blockHash, txHash, logIndex++, pool);
        }
        return out;
    }

    private EvmLog sync(long block, Hash32 blockHash, Hash32 txHash, int logIndex, Address pool) {
        String data = "0x" + word(amount(40, 100)) + word(amount(40, 100));
        return new EvmLog(block, blockHash, txHash, logIndex / 4, logIndex, pool, List.of(UniswapV2Topics.SYNC), data, false);
    }

    private EvmLog swap(long block, Hash32 blockHash, Hash32 txHash, int logIndex, Address pool) {
        U256 in = amount(30, 90);
        U256 out = amount(30, 90);
        boolean zeroForOne = random.nextBoolean();
        String data = "0x" + word(zeroForOne ? in : U256.ZERO) + word(zeroForOne ? U256.ZERO : in)
                + word(zeroForOne ? U256.ZERO : out) + word(zeroForOne ? out : U256.ZERO);
        Address sender = random.nextInt(5) == 0 ? randomAddress() : ROUTER_V2;
        return new EvmLog(block, blockHash, txHash, logIndex / 4, logIndex, pool,
                List.of(UniswapV2Topics.SWAP, topic(sender), topic(randomAddress())), data, false);
    }

    private U256 amount(int minBits, int maxBits) {
        int bits = minBits + random.nextInt(maxBits - minBits + 1);
        return U256.of(new BigInteger(bits, random).setBit(bits - 1));
    }

    private static String word(U256 v) {
        StringBuilder sb = new StringBuilder(64);
        Hex.appendWord(sb, v.w0(), 16);
        Hex.appendWord(sb, v.w1(), 16);
        Hex.appendWord(sb, v.w2(), 16);
        Hex.appendWord(sb, v.w3(), 16);
        return sb.toString();
    }

    private static Hash32 topic(Address a) {
        return new Hash32(0, a.hi() & 0xFFFF_FFFFL, a.mid(), a.lo());
    }

    private Address randomAddress() {
        return new Address(random.nextInt(), random.nextLong(), random.nextLong());
    }

    private Hash32 randomHash() {
        return new Hash32(random.nextLong(), random.nextLong(), random.nextLong(), random.nextLong());
    }
}
