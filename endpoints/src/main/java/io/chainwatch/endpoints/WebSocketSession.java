package io.chainwatch.endpoints;

import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The life of one WebSocket subscription that ends at its first failure: the failure is recorded on
 * the endpoint and told to the owner once (so that it can fail over), and anything after it is
 * dropped; {@link #close} ends it quietly. Thread-safe: the socket's thread fails it, the owner
 * closes it.
 */
public final class WebSocketSession {
    private final Endpoint endpoint;
    private final Consumer<EndpointException> onFailed;
    private volatile WebSocket socket;
    private volatile boolean closed;

    public WebSocketSession(Endpoint endpoint, Consumer<EndpointException> onFailed) {
        this.endpoint = endpoint;
        this.onFailed = onFailed;
    }

    /** The connection, once it is open. */
    public void attach(WebSocket ws) {
        this.socket = ws;
        if (closed) {
            ws.abort(); // closed while it was opening
        }
    }

    /**
     * Sends {@code requests} one message each, in order (not every node takes batches on its pubsub
     * port); a send that fails ends the session as CLOSED.
     */
    public void sendInOrder(WebSocket ws, List<String> requests) {
        CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(ws);
        for (String r : requests) {
            sent = sent.thenCompose(w -> w.sendText(r, true));
        }
        sent.whenComplete((w, err) -> {
            if (err != null) {
                fail(FailureKind.CLOSED, "subscribe: " + err.getMessage());
            }
        });
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Ends the connection for {@code kind}: recorded on the endpoint, told to the owner; only the first time. */
    public void fail(FailureKind kind, String message) {
        if (closed) {
            return;
        }
        closed = true;
        endpoint.recordFailure(kind, 0, message);
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        onFailed.accept(new EndpointException(endpoint.id(), kind, message));
    }

    /** Ends the connection quietly: a normal close, then the socket goes. */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").whenComplete((w, e) -> ws.abort());
        }
    }
}
