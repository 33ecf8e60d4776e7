package io.chainwatch.endpoints;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a WebSocket to an endpoint within its timeout and records the outcome on it: the connect
 * latency as a success, or the failure with its kind (the future then fails with an
 * {@link EndpointException} naming it). Every text message part is counted as received from the
 * endpoint (its characters: JSON-RPC is ASCII but for rare escaped text).
 */
public final class WebSocketConnect {
    private WebSocketConnect() {
    }

    public static CompletableFuture<WebSocket> open(HttpClient client, Endpoint endpoint, WebSocket.Listener listener) {
        long start = System.nanoTime();
        return client.newWebSocketBuilder()
                .connectTimeout(Duration.ofMillis(endpoint.config().timeoutMs()))
                .buildAsync(endpoint.config().url(), new Counting(endpoint, listener))
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

    /** Counts what arrives, then hands it on unchanged. */
    private record Counting(Endpoint endpoint, WebSocket.Listener inner) implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket ws) {
            inner.onOpen(ws);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            endpoint.recordReceived(data.length());
            return inner.onText(ws, data, last);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onBinary(WebSocket ws, java.nio.ByteBuffer data, boolean last) {
            endpoint.recordReceived(data.remaining());
            return inner.onBinary(ws, data, last);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onPing(WebSocket ws, java.nio.ByteBuffer message) {
            return inner.onPing(ws, message);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onPong(WebSocket ws, java.nio.ByteBuffer message) {
            return inner.onPong(ws, message);
        }

        @Override
        public java.util.concurrent.CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            return inner.onClose(ws, statusCode, reason);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            inner.onError(ws, error);
        }
    }
}
