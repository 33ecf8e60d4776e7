package io.chainwatch.endpoints;

import io.chainwatch.endpoints.websocket.BlockingWebSocket;
import io.chainwatch.endpoints.websocket.WebSocketOptions;

import java.net.http.WebSocket;
import javax.net.ssl.SSLContext;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a WebSocket to an endpoint within its timeout and records the outcome on it: the connect
 * latency as a success, or the failure with its kind (the future then fails with an
 * {@link EndpointException} naming it). The payload bytes of every frame read are counted as
 * received from the endpoint.
 *
 * <p>The connection is a {@link BlockingWebSocket}: one reader thread per connection, named
 * {@code ws-<endpoint id>}, hands the listener whole messages in order. {@code wss://} uses the
 * JDK's default TLS context (its trust store, hostname checks and SNI).
 */
public final class WebSocketConnect {
    /** The message limit for a listener that sets none: a {@link TextMessageListener} sets its own. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebSocketConnect() {
    }

    public static CompletableFuture<WebSocket> open(Endpoint endpoint, WebSocket.Listener listener) {
        // The client buffers a whole message before the listener sees it: the listener's own limit
        // bounds that buffer, so an oversized message fails before it takes the memory.
        int maxMessageBytes = listener instanceof TextMessageListener text ? text.maxMessageBytes() : DEFAULT_MAX_MESSAGE_BYTES;
        WebSocketOptions options = new WebSocketOptions("ws-" + endpoint.id(), endpoint.config().timeoutMs(),
                Math.clamp(maxMessageBytes, 125, WebSocketOptions.MAX_MESSAGE_BYTES_LIMIT), defaultTls(), RANDOM, endpoint::recordReceived);
        long start = System.nanoTime();
        return BlockingWebSocket.connect(endpoint.config().url(), options, listener)
                .handle((ws, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        throw JsonRpcAnswers.fail(endpoint, FailureKind.of(cause), System.nanoTime() - start,
                                "websocket connect: " + cause.getMessage());
                    }
                    endpoint.recordSuccess(System.nanoTime() - start);
                    return ws;
                });
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }
}
