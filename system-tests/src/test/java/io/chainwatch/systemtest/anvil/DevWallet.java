package io.chainwatch.systemtest.anvil;

import io.chainwatch.core.Address;
import io.chainwatch.core.Hex;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Signs transactions with one of anvil's dev keys and sends them raw, as a real wallet would
 * (EIP-1559, chain id {@value Anvil#CHAIN_ID}). The nonce comes from the node's pending count,
 * so transactions waiting in the pool with automine off are counted.
 *
 * <p>Owned by the test thread; not thread-safe (two threads would race for one nonce).
 */
public final class DevWallet {
    /** Far above anvil's base fee (1 gwei, falling on empty blocks), so no transaction is ever priced out. */
    static final BigInteger MAX_FEE_WEI = BigInteger.valueOf(100_000_000_000L);
    static final BigInteger PRIORITY_FEE_WEI = BigInteger.valueOf(1_000_000_000L);
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(10);

    private final Anvil anvil;
    private final Credentials credentials;
    private final Address address;

    public DevWallet(Anvil anvil, String privateKeyHex) {
        this.anvil = anvil;
        this.credentials = Credentials.create(privateKeyHex);
        this.address = Address.of(credentials.getAddress());
    }

    /** Dev account 0, {@value Anvil#DEV_ACCOUNT_0}. */
    public static DevWallet devAccount0(Anvil anvil) {
        return new DevWallet(anvil, Anvil.DEV_KEY_0);
    }

    public Address address() {
        return address;
    }

    /** The nonce the next transaction needs, counting those still in the pool. */
    public long pendingNonce() {
        return Hex.quantity((String) anvil.rpc("eth_getTransactionCount", address.hex(), "pending"));
    }

    /**
     * Signs a call ({@code to} non-null) or a contract creation ({@code to} null) without sending
     * it, for {@link ReorgTx.Signed} or a test that sends it later.
     */
    public String sign(Address to, String dataHex, long gasLimit, long nonce) {
        RawTransaction tx = RawTransaction.createTransaction(
                Anvil.CHAIN_ID, BigInteger.valueOf(nonce), BigInteger.valueOf(gasLimit),
                to == null ? "" : to.hex(), BigInteger.ZERO, dataHex, PRIORITY_FEE_WEI, MAX_FEE_WEI);
        return Numeric.toHexString(TransactionEncoder.signMessage(tx, credentials));
    }

    /**
     * Signs and sends with the next nonce. With automine on, waits for the receipt and fails if
     * the transaction reverted; with it off, returns as soon as the pool took it.
     *
     * @return the transaction hash
     */
    public String send(Address to, String dataHex, long gasLimit) {
        String hash = (String) anvil.rpc("eth_sendRawTransaction", sign(to, dataHex, gasLimit, pendingNonce()));
        if (anvil.automine()) {
            requireSuccess(hash);
        }
        return hash;
    }

    /** Waits for the receipt of a mined transaction and fails unless its status is 1. */
    public Map<?, ?> requireSuccess(String txHash) {
        Map<?, ?> receipt = receipt(txHash);
        if (!"0x1".equals(receipt.get("status"))) {
            throw new IllegalStateException("transaction " + txHash + " reverted in block " + receipt.get("blockNumber")
                    + " (gas used " + receipt.get("gasUsed") + "); anvil's log: " + anvil.logFile());
        }
        return receipt;
    }

    /** The receipt as anvil returns it (JSON object), waiting briefly for it to appear. */
    public Map<?, ?> receipt(String txHash) {
        long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
        while (true) {
            if (anvil.rpc("eth_getTransactionReceipt", txHash) instanceof Map<?, ?> receipt) {
                return receipt;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no receipt for " + txHash + " after " + RECEIPT_TIMEOUT
                        + "; is automine off and the block not mined yet?");
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for receipt of " + txHash, e);
            }
        }
    }
}
