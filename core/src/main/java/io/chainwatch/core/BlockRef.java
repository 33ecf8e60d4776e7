package io.chainwatch.core;

/** A block's position: number, hash and its parent's hash. */
public record BlockRef(long number, Hash32 hash, Hash32 parentHash) {
    public BlockRef {
        if (number < 0) {
            throw new IllegalArgumentException("block number must be >= 0, got " + number);
        }
        java.util.Objects.requireNonNull(hash, "hash");
        java.util.Objects.requireNonNull(parentHash, "parentHash");
    }
}
