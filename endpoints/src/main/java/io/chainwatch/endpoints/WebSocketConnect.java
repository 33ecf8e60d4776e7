package io.chainwatch.endpoints;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a WebSocket to an endpoint within its timeout and records the outcome on it: the connect
 * latency as a success, or the failure with its kind (the future then fails with an
 * {@link EndpointException} naming it).
 */
public final class WebSocketConnect {
    private WebSocketConnect() {
    }

    public static CompletableFuture<WebSocket> open(HttpClient client, Endpoint endpoint, WebSocket.Listener listener) {
        long start = System.nanoTime();
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofMillis(endpoint.config().timeoutMs()))
                .buildAsync(endpoint.config().url(), listener)
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
}
