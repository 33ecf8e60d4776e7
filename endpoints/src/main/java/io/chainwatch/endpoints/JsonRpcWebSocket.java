package io.chainwatch.endpoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC over one WebSocket connection to one endpoint. Requests go out as they come and are
 * matched to their answers by id, so many are in flight at once with no HTTP exchange per call.
 * Each request has the endpoint's timeout. A message over {@code maxMessageBytes}, one that is not
 * JSON, or the connection ending fails everything in flight and closes the connection for good;
 * {@link JsonRpcConnections} opens a new one on the next call.
 *
 * <p>Answers are read as they arrive on the WebSocket's listener thread: when {@code id} comes
 * before {@code result} (as nodes write it), the result is read by the caller's streaming reader
 * in the same pass. Thread-safe.
 */
final class JsonRpcWebSocket implements AutoCloseable {
    private final Endpoint endpoint;
    private final ScheduledExecutorService timer;
    private final Map<Long, Pending<?>> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    // The JDK WebSocket allows one send at a time: each send starts when the one before has finished.
    private final Object sendLock = new Object();
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);
    private volatile WebSocket socket;
    private volatile boolean closed;

    private record Pending<T>(String method, JsonRpcTransport.ResultReader<T> reader, CompletableFuture<T> answer,
                              long startNanos, ScheduledFuture<?>[] timeout) {
        void complete(Endpoint endpoint, JsonParser parser, int messageBytes) {
            try {
                answer.complete(JsonRpcAnswers.readAnswer(endpoint, method, parser, System.nanoTime() - startNanos, messageBytes, reader));
            } catch (EndpointException e) {
                answer.completeExceptionally(e);
            }
        }
    }

    private JsonRpcWebSocket(Endpoint endpoint, ScheduledExecutorService timer) {
        this.endpoint = endpoint;
        this.timer = timer;
    }

    /** Connects; a failure to connect is recorded on the endpoint. */
    static CompletableFuture<JsonRpcWebSocket> open(Endpoint endpoint, int maxMessageBytes,
                                                    ScheduledExecutorService timer) {
        if (!endpoint.tryAcquire()) {
            return CompletableFuture.failedFuture(JsonRpcAnswers.throttled(endpoint));
        }
        JsonRpcWebSocket connection = new JsonRpcWebSocket(endpoint, timer);
        return WebSocketConnect.open(endpoint, new TextMessageListener(maxMessageBytes, connection::onMessage, connection::fail))
                .thenApply(ws -> {
                    connection.socket = ws;
                    return connection;
                });
    }

    boolean isOpen() {
        return !closed;
    }

    <T> CompletableFuture<T> call(String method, Object params, JsonRpcTransport.ResultReader<T> reader) {
        if (closed) {
            return CompletableFuture.failedFuture(new EndpointException(endpoint.id(), FailureKind.CLOSED, "websocket connection closed"));
        }
        if (!endpoint.tryAcquire()) {
            return CompletableFuture.failedFuture(JsonRpcAnswers.throttled(endpoint));
        }
        long id = ids.incrementAndGet();
        ScheduledFuture<?>[] timeout = new ScheduledFuture<?>[1];
        Pending<T> pending = new Pending<>(method, reader, new CompletableFuture<>(), System.nanoTime(), timeout);
        inFlight.put(id, pending);
        long timeoutMs = endpoint.config().timeoutMs();
        timeout[0] = timer.schedule(() -> {
            if (inFlight.remove(id, pending)) {
                pending.answer().completeExceptionally(JsonRpcAnswers.fail(endpoint, FailureKind.TIMEOUT, System.nanoTime() - pending.startNanos(),
                        method + ": no answer over the websocket within " + timeoutMs + " ms"));
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        pending.answer().whenComplete((v, e) -> timeout[0].cancel(false));
        send(JsonRpcAnswers.request(id, method, params));
        return pending.answer();
    }

    private void send(String text) {
        synchronized (sendLock) {
            lastSend = lastSend.handle((x, e) -> null)
                    .thenCompose(x -> socket.sendText(text, true))
                    .whenComplete((x, e) -> {
                        if (e != null) {
                            fail(FailureKind.of(e), "websocket send: " + e.getMessage());
                        }
                    });
        }
    }

    private void onMessage(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (JsonParser p = JsonRpcAnswers.JSON.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "id" -> {
                        Pending<?> pending = inFlight.remove(p.getValueAsLong(-1));
                        if (pending != null) {
                            pending.complete(endpoint, p, bytes.length);
                        }
                        return; // else the answer came after its timeout
                    }
                    case "jsonrpc" -> p.skipChildren();
                    case "method", "params" -> {
                        return; // a notification: this connection holds no subscription
                    }
                    default -> {
                        answerWithIdLast(bytes);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            fail(FailureKind.MALFORMED, "unparseable websocket message (" + bytes.length + " bytes): "
                    + JsonRpcAnswers.firstLine(e.getMessage()));
        }
    }

    /** The rare answer that names its id after its result: find the id first, then read it again. */
    private void answerWithIdLast(byte[] bytes) throws IOException {
        long id = JsonRpcAnswers.JSON.readTree(bytes).path("id").asLong(-1);
        Pending<?> pending = inFlight.remove(id);
        if (pending == null) {
            return;
        }
        try (JsonParser p = JsonRpcAnswers.JSON.getFactory().createParser(bytes)) {
            p.nextToken();
            pending.complete(endpoint, p, bytes.length);
        }
    }

    /** Ends the connection for a fault of the endpoint: recorded once, and every call in flight fails. */
    private void fail(FailureKind kind, String message) {
        if (closed) {
            return;
        }
        endpoint.recordFailure(kind, 0, message);
        end(new EndpointException(endpoint.id(), kind, message));
    }

    private void end(EndpointException cause) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        for (Long id : inFlight.keySet()) {
            Pending<?> pending = inFlight.remove(id);
            if (pending != null) {
                pending.answer().completeExceptionally(cause);
            }
        }
    }

    @Override
    public void close() {
        end(new EndpointException(endpoint.id(), FailureKind.CLOSED, "websocket connection closed by chainwatch"));
    }
}
