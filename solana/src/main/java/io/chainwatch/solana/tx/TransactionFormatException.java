package io.chainwatch.solana.tx;

/**
 * A JSON-RPC answer or a serialized transaction that cannot be read: not the shape it claims, or a
 * value that does not parse. The message names where ({@link #path()}, a JSON path such as
 * {@code result.transactions[3].meta.innerInstructions[0].instructions[2].data}, or a byte offset)
 * and what is wrong. Event bytes that do not decode are not this: they are
 * {@link io.chainwatch.solana.DecodeResult} values.
 */
public final class TransactionFormatException extends Exception {
    private final String path;
    private final String problem;

    public TransactionFormatException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    /** Where the problem is, or empty for the whole input. */
    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }
}
