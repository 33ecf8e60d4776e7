package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;

/**
 * One live subscription to an endpoint (WebSocket logs and slots, or a Yellowstone gRPC stream)
 * that hands what it reads to a {@link StreamListener}. The first failure ends it and is told once
 * through {@link StreamListener#onClosed}; {@link #close} ends it quietly.
 */
public interface LiveStream extends AutoCloseable {
    Endpoint endpoint();

    /** The commitment level its notifications are at. */
    Commitment level();

    boolean isOpen();

    /** Messages read so far. */
    long messages();

    @Override
    void close();
}
