package io.chainwatch.evm.rpc;

import io.chainwatch.core.Hash32;

import java.math.BigInteger;
import java.util.List;

/**
 * A mined transaction's receipt, parsed at the JSON edge.
 *
 * @param succeeded         status 1; false when it reverted (its gas is paid all the same)
 * @param effectiveGasPrice what each unit of gas cost, base fee and tip together, in wei
 */
public record TxReceipt(Hash32 txHash, long blockNumber, Hash32 blockHash, boolean succeeded, long gasUsed, BigInteger effectiveGasPrice,
                        List<EvmLog> logs) {
    public TxReceipt {
        logs = List.copyOf(logs);
    }

    /** Gas paid, in wei. */
    public BigInteger gasPaidWei() {
        return effectiveGasPrice.multiply(BigInteger.valueOf(gasUsed));
    }
}
