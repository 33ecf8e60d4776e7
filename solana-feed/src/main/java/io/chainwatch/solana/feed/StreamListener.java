package io.chainwatch.solana.feed;

import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.PublicKey;
import io.chainwatch.solana.tx.SolanaTransaction;

/**
 * What a live stream hands on, in the order its endpoint sent it; called on the stream's own
 * thread, one call at a time. Implementations must not block: they queue.
 */
public interface StreamListener {
    /** The endpoint processed {@code slot}, built on {@code parent}; {@code root} is its finalized slot, or -1 when not told. */
    void onSlot(LiveStream from, long slot, long parent, long root);

    /**
     * A transaction in {@code slot} mentioned a watched program (logs only: a WebSocket
     * logsNotification). The lines are views into the socket's buffer, good only during the call:
     * read them then, or copy them ({@link LogLines#toStrings}).
     */
    void onLogs(LiveStream from, long slot, String signature, boolean failed, LogLines logs);

    /** A whole transaction in {@code slot} mentioned a watched program, with its meta, logs and inner instructions (gRPC). */
    void onTransaction(LiveStream from, long slot, SolanaTransaction tx);

    /** An account the stream follows was written in {@code slot}: its address and (the asked part of) its data (gRPC). */
    default void onAccount(LiveStream from, PublicKey address, long slot, byte[] data) {
    }

    /**
     * {@code slot}'s block is complete at the stream's level, all its transactions sent before this
     * (gRPC block meta); {@code blockTime} in Unix seconds, -1 when not told.
     */
    default void onBlockMeta(LiveStream from, long slot, long blockTime) {
    }

    /** The stream ended; nothing more comes from it. */
    void onClosed(LiveStream from, EndpointException cause);
}
