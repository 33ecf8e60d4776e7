package io.chainwatch.endpoints;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Calls over the endpoint's own transport: an endpoint configured with a {@code ws://} or
 * {@code wss://} URL is asked over one WebSocket connection kept open to it (opened on first use,
 * and again on the next call after it ends); any other over {@link JsonRpcHttp}. A WebSocket
 * carries many calls at once with no HTTP exchange per call, which matters for the steady stream of
 * header and log requests that follows the chain. A batch becomes single calls in flight together.
 * Thread-safe.
 */
public final class JsonRpcConnections implements JsonRpcTransport, AutoCloseable {
    private final JsonRpcHttp http;
    private final int maxMessageBytes;
    private final ScheduledExecutorService timer;
    private final Map<Endpoint, CompletableFuture<JsonRpcWebSocket>> open = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public JsonRpcConnections(JsonRpcHttp http, int maxMessageBytes) {
        this.http = http;
        this.maxMessageBytes = maxMessageBytes;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jsonrpc-ws-timeouts");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public CompletableFuture<JsonNode> call(Endpoint endpoint, String method, Object params) {
        if (!endpoint.config().isWebSocket()) {
            return http.call(endpoint, method, params);
        }
        return call(endpoint, method, params, JsonRpcAnswers.JSON::readTree);
    }

    @Override
    public <T> CompletableFuture<T> call(Endpoint endpoint, String method, Object params, ResultReader<T> reader) {
        if (!endpoint.config().isWebSocket()) {
            return http.call(endpoint, method, params, reader);
        }
        return connection(endpoint).thenCompose(ws -> ws.call(method, params, reader));
    }

    @Override
    public CompletableFuture<List<JsonNode>> batch(Endpoint endpoint, List<Call> calls) {
        if (!endpoint.config().isWebSocket()) {
            return http.batch(endpoint, calls);
        }
        List<CompletableFuture<JsonNode>> each = new ArrayList<>(calls.size());
        for (Call c : calls) {
            each.add(call(endpoint, c.method(), c.params()));
        }
        return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
                .thenApply(x -> each.stream().map(CompletableFuture::join).toList());
    }

    /** The open connection to {@code endpoint}, or a new one when there is none or it has ended. */
    private CompletableFuture<JsonRpcWebSocket> connection(Endpoint endpoint) {
        CompletableFuture<JsonRpcWebSocket> current = open.get(endpoint);
        if (usable(current)) {
            return current;
        }
        synchronized (this) {
            current = open.get(endpoint);
            if (usable(current)) {
                return current;
            }
            if (closed) {
                return CompletableFuture.failedFuture(new EndpointException(endpoint.id(), FailureKind.CLOSED, "chainwatch is closing"));
            }
            CompletableFuture<JsonRpcWebSocket> next = JsonRpcWebSocket.open(endpoint, maxMessageBytes, timer);
            open.put(endpoint, next);
            return next;
        }
    }

    private static boolean usable(CompletableFuture<JsonRpcWebSocket> f) {
        return f != null && (!f.isDone() || (!f.isCompletedExceptionally() && f.join().isOpen()));
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        for (CompletableFuture<JsonRpcWebSocket> f : open.values()) {
            f.thenAccept(JsonRpcWebSocket::close);
        }
        open.clear();
        timer.shutdownNow();
    }
}
