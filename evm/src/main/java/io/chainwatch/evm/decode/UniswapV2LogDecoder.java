package io.chainwatch.evm.decode;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.core.U256;
import io.chainwatch.evm.rpc.EvmLog;
import io.chainwatch.market.Burn;
import io.chainwatch.market.LogPosition;
import io.chainwatch.market.Mint;
import io.chainwatch.market.PairCreated;
import io.chainwatch.market.Swap;
import io.chainwatch.market.Sync;

import java.util.List;

/**
 * Decodes Uniswap V2 factory and pair logs straight from their hex data: no reflection, no byte
 * arrays, one record per field group. Stateless and thread-safe.
 *
 * <p>ABI facts used: every static argument is one 32-byte word (64 hex digits); indexed arguments
 * are topics; uint112 reserves must fit in 112 bits.
 */
public final class UniswapV2LogDecoder {
    private static final int WORD = 64;

    private final String chain;

    public UniswapV2LogDecoder(String chain) {
        this.chain = chain;
    }

    public DecodeResult decode(EvmLog log) {
        List<Hash32> topics = log.topics();
        if (topics.isEmpty()) {
            return DecodeResult.UNKNOWN;
        }
        Hash32 t0 = topics.getFirst();
        try {
            if (t0.equals(UniswapV2Topics.SYNC)) {
                return sync(log);
            } else if (t0.equals(UniswapV2Topics.SWAP)) {
                return swap(log);
            } else if (t0.equals(UniswapV2Topics.PAIR_CREATED)) {
                return pairCreated(log);
            } else if (t0.equals(UniswapV2Topics.MINT)) {
                return mint(log);
            } else if (t0.equals(UniswapV2Topics.BURN)) {
                return burn(log);
            }
            return DecodeResult.UNKNOWN;
        } catch (IllegalArgumentException e) {
            return new DecodeResult.Malformed(e.getMessage());
        }
    }

    private DecodeResult sync(EvmLog log) {
        int at = dataStart(log.data(), 2, log, 1);
        if (at < 0) {
            return shape(log, "Sync", 1, 2);
        }
        byte[] data = ascii(log);
        U256 r0 = U256.at(data, at);
        U256 r1 = U256.at(data, at + WORD);
        if (r0.w0() != 0 || r0.w1() >>> 48 != 0 || r1.w0() != 0 || r1.w1() >>> 48 != 0) {
            return new DecodeResult.Malformed("Sync reserve wider than uint112 in log " + log.logIndex() + " of block " + log.blockNumber());
        }
        return new DecodeResult.Decoded(new Sync(position(log), log.address(), r0, r1));
    }

    private DecodeResult swap(EvmLog log) {
        int at = dataStart(log.data(), 4, log, 3);
        if (at < 0) {
            return shape(log, "Swap", 3, 4);
        }
        byte[] data = ascii(log);
        List<Hash32> t = log.topics();
        return new DecodeResult.Decoded(new Swap(position(log), log.address(), topicAddress(t.get(1)), topicAddress(t.get(2)),
                U256.at(data, at), U256.at(data, at + WORD), U256.at(data, at + 2 * WORD), U256.at(data, at + 3 * WORD)));
    }

    private DecodeResult pairCreated(EvmLog log) {
        String data = log.data();
        int at = dataStart(data, 2, log, 3);
        if (at < 0) {
            return shape(log, "PairCreated", 3, 2);
        }
        List<Hash32> t = log.topics();
        U256 index = U256.at(data, at + WORD);
        if (index.w0() != 0 || index.w1() != 0 || index.w2() != 0 || index.w3() < 0) {
            return new DecodeResult.Malformed("PairCreated pair index does not fit a long");
        }
        return new DecodeResult.Decoded(new PairCreated(position(log), log.address(), topicAddress(t.get(1)),
                topicAddress(t.get(2)), Address.fromWord(data, at), index.w3()));
    }

    private DecodeResult mint(EvmLog log) {
        int at = dataStart(log.data(), 2, log, 2);
        if (at < 0) {
            return shape(log, "Mint", 2, 2);
        }
        byte[] data = ascii(log);
        return new DecodeResult.Decoded(new Mint(position(log), log.address(), topicAddress(log.topics().get(1)),
                U256.at(data, at), U256.at(data, at + WORD)));
    }

    private DecodeResult burn(EvmLog log) {
        int at = dataStart(log.data(), 2, log, 3);
        if (at < 0) {
            return shape(log, "Burn", 3, 2);
        }
        byte[] data = ascii(log);
        List<Hash32> t = log.topics();
        return new DecodeResult.Decoded(new Burn(position(log), log.address(), topicAddress(t.get(1)), topicAddress(t.get(2)),
                U256.at(data, at), U256.at(data, at + WORD)));
    }

    /**
     * The data as ASCII bytes, for the eight-digits-a-step reader. Hex text is Latin-1, so this is
     * one array copy; a non-ASCII character becomes '?' and fails the hex check.
     */
    private static byte[] ascii(EvmLog log) {
        return log.data().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** Offset of the first data word, or -1 when topics or data length do not match the event. */
    private static int dataStart(String data, int words, EvmLog log, int topicCount) {
        if (log.topics().size() != topicCount || data == null) {
            return -1;
        }
        int from = Hex.start(data);
        return data.length() - from == words * WORD ? from : -1;
    }

    private static DecodeResult shape(EvmLog log, String name, int topicCount, int words) {
        int digits = log.data() == null ? 0 : log.data().length() - Hex.start(log.data());
        return new DecodeResult.Malformed(name + " needs " + topicCount + " topics and " + words * 32 + " data bytes, got "
                + log.topics().size() + " topics and " + digits / 2.0 + " bytes (block " + log.blockNumber() + ", log " + log.logIndex() + ")");
    }

    private static Address topicAddress(Hash32 topic) {
        if (topic.w0() != 0 || (topic.w1() >>> 32) != 0) {
            throw new IllegalArgumentException("indexed address topic has non-zero high bytes: " + topic);
        }
        return new Address((int) topic.w1(), topic.w2(), topic.w3());
    }

    private LogPosition position(EvmLog log) {
        return new LogPosition(chain, log.blockNumber(), log.blockHash(), log.txHash(), log.txIndex(), log.logIndex());
    }
}
