package io.chainwatch.endpoints.websocket;

import javax.net.ssl.SSLContext;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How {@link BlockingWebSocket} connects and reads.
 *
 * @param name             the reader thread's name; it may appear in logs and thread dumps, so it
 *                         must not hold a secret (name the endpoint by its id, never by its URL)
 * @param connectTimeoutMs the longest the TCP connect, the TLS handshake and the HTTP upgrade may
 *                         take together; once open, a connection waits for messages without limit
 * @param maxMessageBytes  the largest message (all its fragments) accepted; a larger one fails the
 *                         connection with close code 1009 before it is buffered
 * @param sslContext       the TLS context for {@code wss://} (the JDK's default one unless a caller
 *                         trusts other certificates)
 * @param random           the source of the handshake key and of the frame masks (RFC 6455 asks for
 *                         unpredictable masks, hence a {@link SecureRandom})
 * @param receivedBytes    told the payload bytes of every frame read, on the reader thread
 */
public record WebSocketOptions(String name, long connectTimeoutMs, int maxMessageBytes, SSLContext sslContext,
                               SecureRandom random, LongConsumer receivedBytes) {
    /** Frames hold lengths up to 2^63, buffers up to 2^31: a limit well below keeps the arithmetic simple. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 1 << 30;

    public WebSocketOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(sslContext, "sslContext");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(receivedBytes, "receivedBytes");
        if (connectTimeoutMs <= 0) {
            throw new IllegalArgumentException("connectTimeoutMs: must be positive, got " + connectTimeoutMs);
        }
        if (maxMessageBytes < 125 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxMessageBytes: must be 125 to " + MAX_MESSAGE_BYTES_LIMIT + ", got " + maxMessageBytes);
        }
    }
}
