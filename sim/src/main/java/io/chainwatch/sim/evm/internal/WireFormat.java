package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import io.chainwatch.sim.evm.SimTransaction;

/**
 * The JSON that geth puts on the wire for logs, headers and blocks: lower-case hex, quantities
 * without leading zeros, fields in geth's order. Appends to a caller's StringBuilder so that hot
 * paths allocate one buffer per message. Stateless; safe from any thread.
 */
public final class WireFormat {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();
    private static final String SHA3_UNCLES = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";
    private static final String EMPTY_TRIE = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
    private static final String MINER = "0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97";
    private static final long GAS_LIMIT = 30_000_000;
    private static final long GAS_PER_TX = 120_000;
    private static final long BASE_FEE_WEI = 1_000_000_000;

    private WireFormat() {
    }

    private static final byte[] LOG_ADDRESS = AsciiJson.ascii("{\"address\":\"");
    private static final byte[] LOG_TOPICS = AsciiJson.ascii("\",\"topics\":[\"");
    private static final byte[] LOG_NEXT_TOPIC = AsciiJson.ascii("\",\"");
    private static final byte[] LOG_DATA = AsciiJson.ascii("\"],\"data\":\"0x");
    private static final byte[] LOG_BLOCK_NUMBER = AsciiJson.ascii("\",\"blockNumber\":\"");
    private static final byte[] LOG_TX_HASH = AsciiJson.ascii("\",\"transactionHash\":\"");
    private static final byte[] LOG_TX_INDEX = AsciiJson.ascii("\",\"transactionIndex\":\"");
    private static final byte[] LOG_BLOCK_HASH = AsciiJson.ascii("\",\"blockHash\":\"");
    private static final byte[] LOG_INDEX = AsciiJson.ascii("\",\"logIndex\":\"");
    private static final byte[] LOG_REMOVED = AsciiJson.ascii("\",\"removed\":true}");
    private static final byte[] LOG_KEPT = AsciiJson.ascii("\",\"removed\":false}");

    /** {@code {"address":..,"topics":[..],"data":..,"blockNumber":..,..,"removed":false}}. */
    public static String log(SimLog log, boolean removed) {
        return log(new AsciiJson(sizeOf(log)), log, removed).toString();
    }

    /** Room one log takes on the wire, give or take a few bytes. */
    static int sizeOf(SimLog log) {
        return 420 + 70 * log.topics().size() + 64 * log.data().size();
    }

    /** Appends one log to {@code out}: many logs share one buffer, with no String per log. */
    static AsciiJson log(AsciiJson out, SimLog log, boolean removed) {
        out.raw(LOG_ADDRESS).address(log.address()).raw(LOG_TOPICS);
        for (int i = 0; i < log.topics().size(); i++) {
            if (i > 0) {
                out.raw(LOG_NEXT_TOPIC);
            }
            out.hash(log.topics().get(i));
        }
        out.raw(LOG_DATA);
        for (U256 w : log.data()) {
            out.word(w.w0()).word(w.w1()).word(w.w2()).word(w.w3());
        }
        out.raw(LOG_BLOCK_NUMBER).quantity(log.blockNumber())
                .raw(LOG_TX_HASH).hash(log.transactionHash())
                .raw(LOG_TX_INDEX).quantity(log.transactionIndex())
                .raw(LOG_BLOCK_HASH).hash(log.blockHash())
                .raw(LOG_INDEX).quantity(log.logIndex())
                .raw(removed ? LOG_REMOVED : LOG_KEPT);
        return out;
    }

    /** A header as geth's newHeads notification carries it (gencodec field order). */
    public static StringBuilder header(StringBuilder sb, SimBlock b) {
        sb.append("{\"parentHash\":\"");
        hash(sb, b.parentHash());
        sb.append("\",\"sha3Uncles\":\"").append(SHA3_UNCLES);
        sb.append("\",\"miner\":\"").append(MINER);
        sb.append("\",\"stateRoot\":\"");
        hash(sb, derived(b.hash(), 1));
        sb.append("\",\"transactionsRoot\":\"");
        root(sb, b, 2);
        sb.append("\",\"receiptsRoot\":\"");
        root(sb, b, 3);
        sb.append("\",\"logsBloom\":\"").append(b.logsBloom());
        sb.append("\",\"difficulty\":\"0x0\",\"number\":\"");
        quantity(sb, b.number());
        sb.append("\",\"gasLimit\":\"");
        quantity(sb, GAS_LIMIT);
        sb.append("\",\"gasUsed\":\"");
        quantity(sb, gasUsed(b));
        sb.append("\",\"timestamp\":\"");
        quantity(sb, b.timestamp());
        sb.append("\",\"extraData\":\"0x\",\"mixHash\":\"");
        hash(sb, derived(b.hash(), 4));
        sb.append("\",\"nonce\":\"0x0000000000000000\",\"baseFeePerGas\":\"");
        quantity(sb, BASE_FEE_WEI);
        sb.append("\",\"hash\":\"");
        hash(sb, b.hash());
        return sb.append("\"}");
    }

    /** A block as eth_getBlockByNumber returns it (geth sorts the keys). */
    public static StringBuilder block(StringBuilder sb, SimBlock b, boolean fullTransactions, long chainId) {
        sb.append("{\"baseFeePerGas\":\"");
        quantity(sb, BASE_FEE_WEI);
        sb.append("\",\"difficulty\":\"0x0\",\"extraData\":\"0x\",\"gasLimit\":\"");
        quantity(sb, GAS_LIMIT);
        sb.append("\",\"gasUsed\":\"");
        quantity(sb, gasUsed(b));
        sb.append("\",\"hash\":\"");
        hash(sb, b.hash());
        sb.append("\",\"logsBloom\":\"").append(b.logsBloom());
        sb.append("\",\"miner\":\"").append(MINER);
        sb.append("\",\"mixHash\":\"");
        hash(sb, derived(b.hash(), 4));
        sb.append("\",\"nonce\":\"0x0000000000000000\",\"number\":\"");
        quantity(sb, b.number());
        sb.append("\",\"parentHash\":\"");
        hash(sb, b.parentHash());
        sb.append("\",\"receiptsRoot\":\"");
        root(sb, b, 3);
        sb.append("\",\"sha3Uncles\":\"").append(SHA3_UNCLES);
        sb.append("\",\"size\":\"");
        quantity(sb, 600 + 180L * b.transactions().size());
        sb.append("\",\"stateRoot\":\"");
        hash(sb, derived(b.hash(), 1));
        sb.append("\",\"timestamp\":\"");
        quantity(sb, b.timestamp());
        sb.append("\",\"transactions\":[");
        for (int i = 0; i < b.transactions().size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            SimTransaction tx = b.transactions().get(i);
            if (fullTransactions) {
                transaction(sb, b, tx, chainId);
            } else {
                sb.append('"');
                hash(sb, tx.hash());
                sb.append('"');
            }
        }
        sb.append("],\"transactionsRoot\":\"");
        root(sb, b, 2);
        return sb.append("\",\"uncles\":[]}");
    }

    private static void transaction(StringBuilder sb, SimBlock b, SimTransaction tx, long chainId) {
        sb.append("{\"blockHash\":\"");
        hash(sb, b.hash());
        sb.append("\",\"blockNumber\":\"");
        quantity(sb, b.number());
        sb.append("\",\"from\":\"");
        address(sb, tx.from());
        sb.append("\",\"gas\":\"");
        quantity(sb, GAS_PER_TX * 2);
        sb.append("\",\"gasPrice\":\"");
        quantity(sb, BASE_FEE_WEI + 1_000_000);
        sb.append("\",\"maxFeePerGas\":\"");
        quantity(sb, 2 * BASE_FEE_WEI);
        sb.append("\",\"maxPriorityFeePerGas\":\"0xf4240\",\"hash\":\"");
        hash(sb, tx.hash());
        sb.append("\",\"input\":\"0x\",\"nonce\":\"");
        quantity(sb, tx.index());
        sb.append("\",\"to\":\"");
        address(sb, tx.to());
        sb.append("\",\"transactionIndex\":\"");
        quantity(sb, tx.index());
        sb.append("\",\"value\":\"0x0\",\"type\":\"0x2\",\"accessList\":[],\"chainId\":\"");
        quantity(sb, chainId);
        sb.append("\",\"v\":\"0x0\",\"r\":\"");
        hash(sb, derived(tx.hash(), 5));
        sb.append("\",\"s\":\"");
        hash(sb, derived(tx.hash(), 6));
        sb.append("\",\"yParity\":\"0x0\"}");
    }

    /** Appends {@code v} as a JSON-RPC quantity: {@code 0x0}, {@code 0x1a}; {@code v} is unsigned. */
    public static StringBuilder quantity(StringBuilder sb, long v) {
        sb.append("0x");
        int digits = v == 0 ? 1 : (67 - Long.numberOfLeadingZeros(v)) / 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (v >>> shift) & 0xF]);
        }
        return sb;
    }

    public static String quantity(long v) {
        return quantity(new StringBuilder(18), v).toString();
    }

    public static void hash(StringBuilder sb, Hash32 h) {
        sb.append("0x");
        word(sb, h.w0(), h.w1(), h.w2(), h.w3());
    }

    public static void address(StringBuilder sb, Address a) {
        sb.append("0x");
        digits(sb, a.hi() & 0xFFFF_FFFFL, 8);
        digits(sb, a.mid(), 16);
        digits(sb, a.lo(), 16);
    }

    /** 64 hex digits of a 32-byte word given as four big-endian longs. */
    public static void word(StringBuilder sb, long w0, long w1, long w2, long w3) {
        digits(sb, w0, 16);
        digits(sb, w1, 16);
        digits(sb, w2, 16);
        digits(sb, w3, 16);
    }

    private static void digits(StringBuilder sb, long v, int count) {
        for (int shift = (count - 1) * 4; shift >= 0; shift -= 4) {
            sb.append(DIGITS[(int) (v >>> shift) & 0xF]);
        }
    }

    private static void root(StringBuilder sb, SimBlock b, int salt) {
        if (b.transactions().isEmpty()) {
            sb.append(EMPTY_TRIE);
        } else {
            hash(sb, derived(b.hash(), salt));
        }
    }

    private static long gasUsed(SimBlock b) {
        return Math.min(GAS_LIMIT, GAS_PER_TX * b.transactions().size());
    }

    /** A stable stand-in for a root or signature that a simulator does not compute. */
    static Hash32 derived(Hash32 h, int salt) {
        return new Hash32(mix(h.w0() + salt), mix(h.w1() ^ salt), mix(h.w2() - salt), mix(h.w3() * 31 + salt));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
