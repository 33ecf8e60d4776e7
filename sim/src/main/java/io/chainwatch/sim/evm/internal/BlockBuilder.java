package io.chainwatch.sim.evm.internal;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.U256;
import io.chainwatch.sim.evm.Reserves;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import io.chainwatch.sim.evm.SimTransaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the transactions and logs of one block under construction. Owned by the simulator
 * thread; used once.
 */
final class BlockBuilder {
    private final long number;
    private final Hash32 hash;
    private final Hash32 parentHash;
    private final long timestamp;
    private final List<SimTransaction> transactions = new ArrayList<>();
    private final List<SimLog> logs = new ArrayList<>();

    BlockBuilder(long number, Hash32 hash, Hash32 parentHash, long timestamp) {
        this.number = number;
        this.hash = hash;
        this.parentHash = parentHash;
        this.timestamp = timestamp;
    }

    long timestamp() {
        return timestamp;
    }

    /** Starts a transaction; the logs that follow belong to it. */
    void beginTransaction(Hash32 txHash, Address from, Address to) {
        transactions.add(new SimTransaction(txHash, transactions.size(), from, to));
    }

    void log(Address address, List<Hash32> topics, List<U256> data) {
        if (transactions.isEmpty()) {
            throw new IllegalStateException("a log needs a transaction: call beginTransaction first");
        }
        SimTransaction tx = transactions.getLast();
        logs.add(new SimLog(address, topics, data, number, hash, tx.hash(), tx.index(), logs.size()));
    }

    SimBlock build(Map<Address, Reserves> reserves, LogsBloom bloom) {
        return new SimBlock(number, hash, parentHash, timestamp, transactions, logs, reserves, bloom.of(logs));
    }
}
