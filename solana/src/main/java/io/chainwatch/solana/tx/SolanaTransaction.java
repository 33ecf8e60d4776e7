package io.chainwatch.solana.tx;

import io.chainwatch.solana.PublicKey;

import java.util.List;

/**
 * One transaction with its status meta, as a {@code getBlock} or {@code getTransaction} answer gives
 * it. Every index in it (instructions, inner instructions) is inside {@link #accountKeys()}: the
 * parser checks that.
 *
 * @param index             its place in the block (0-based), or {@link #UNKNOWN_INDEX} when the
 *                          answer does not say (getTransaction)
 * @param signatures        base58, the first is the transaction's id
 * @param accountKeys       every key the instructions index: the message's static keys, then, for a
 *                          v0 message, {@code meta.loadedAddresses} writable, then read-only
 * @param innerInstructions every inner instruction, by top-level instruction, in execution order
 * @param logMessages       empty when the node recorded none; may end with {@code "Log truncated"}
 * @param error             {@code meta.err} as compact JSON (e.g. {@code {"InstructionError":[2,{"Custom":6001}]}})
 *                          when the transaction failed, else null
 */
public record SolanaTransaction(
        int index,
        List<String> signatures,
        TransactionMessage message,
        List<PublicKey> accountKeys,
        List<InnerInstruction> innerInstructions,
        List<String> logMessages,
        Status status,
        String error) {
    public static final int UNKNOWN_INDEX = -1;
    private static final String LOG_TRUNCATED = "Log truncated";

    /** What {@code meta} says of the transaction's execution. */
    public enum Status {
        SUCCEEDED,
        /** It ran and failed: its state changes (and so its events) were rolled back; only the fee was taken. */
        FAILED,
        /** The answer had no {@code meta}: no status, logs or inner instructions. */
        UNKNOWN
    }

    /** @throws IllegalArgumentException when there is no signature, or the status and error disagree */
    public SolanaTransaction {
        signatures = List.copyOf(signatures);
        accountKeys = List.copyOf(accountKeys);
        innerInstructions = List.copyOf(innerInstructions);
        logMessages = List.copyOf(logMessages);
        if (signatures.isEmpty()) {
            throw new IllegalArgumentException("a transaction has at least one signature, got none");
        }
        if ((status == Status.FAILED) != (error != null)) {
            throw new IllegalArgumentException("status " + status + " with error " + error + ": a FAILED transaction has an error, others none");
        }
    }

    /** The first signature, base58: the transaction's id. */
    public String signature() {
        return signatures.getFirst();
    }

    public TransactionVersion version() {
        return message.version();
    }

    /** The top-level instructions. */
    public List<CompiledInstruction> instructions() {
        return message.instructions();
    }

    public boolean succeeded() {
        return status == Status.SUCCEEDED;
    }

    /**
     * The key at {@code index} of {@link #accountKeys()}.
     *
     * @throws IndexOutOfBoundsException outside the keys (never for an index this record holds)
     */
    public PublicKey accountKey(int index) {
        return accountKeys.get(index);
    }

    /** True when the node cut the log short (it keeps about 10 KB): events after the cut are only in the inner instructions. */
    public boolean logsTruncated() {
        for (int i = logMessages.size() - 1; i >= 0; i--) {
            if (logMessages.get(i) != null && logMessages.get(i).startsWith(LOG_TRUNCATED)) {
                return true;
            }
        }
        return false;
    }
}
