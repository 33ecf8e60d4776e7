package io.chainwatch.sim.evm;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.core.U256;
import java.util.List;

/**
 * One event log as a node stores it. {@code removed} is not part of it: it is a property of the
 * notification that carries the log.
 *
 * @param data        the ABI-encoded data as 32-byte words
 * @param logIndex    position within the block
 */
public record SimLog(
        Address address,
        List<Hash32> topics,
        List<U256> data,
        long blockNumber,
        Hash32 blockHash,
        Hash32 transactionHash,
        int transactionIndex,
        int logIndex) {

    public SimLog {
        topics = List.copyOf(topics);
        data = List.copyOf(data);
        if (topics.isEmpty() || topics.size() > 4) {
            throw new IllegalArgumentException("a log has 1..4 topics, got " + topics.size());
        }
    }

    public Hash32 topic0() {
        return topics.getFirst();
    }

    /** {@code 0x} + 64 hex digits per word. */
    public String dataHex() {
        StringBuilder sb = new StringBuilder(2 + 64 * data.size()).append("0x");
        for (U256 w : data) {
            Hex.appendWord(sb, w.w0(), 16);
            Hex.appendWord(sb, w.w1(), 16);
            Hex.appendWord(sb, w.w2(), 16);
            Hex.appendWord(sb, w.w3(), 16);
        }
        return sb.toString();
    }
}
