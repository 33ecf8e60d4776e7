package io.chainwatch.solana.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.WebSocketConnect;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection that follows Solana: {@code slotSubscribe} (every slot as it is
 * processed, with its parent and the root) and one {@code logsSubscribe} per watched program
 * (transactions that mention it, at the feed's commitment). Notifications are read with a streaming
 * parser, in any field order, and handed to the {@link StreamListener} on the socket's thread, in the
 * order the endpoint sent them. The first failure (connect error, an error answer to a subscribe,
 * an unreadable or oversized message, the endpoint closing) goes once to
 * {@link StreamListener#onClosed}, so that the owner can fail over.
 */
public final class LogsStream implements LiveStream {
    private static final JsonFactory JSON = new JsonFactory();

    private final Endpoint endpoint;
    private final StreamListener listener;
    private final List<String> programs;
    private final Commitment level;
    private volatile WebSocket socket;
    private volatile boolean closed;
    private volatile long messages;

    private LogsStream(Endpoint endpoint, List<String> programs, Commitment level, StreamListener listener) {
        this.endpoint = endpoint;
        this.programs = List.copyOf(programs);
        this.level = level;
        this.listener = listener;
    }

    /** Connects and subscribes; the future fails when the connection cannot be made. */
    public static CompletableFuture<LogsStream> open(HttpClient client, Endpoint endpoint, List<String> programs, Commitment level,
                                                     int maxMessageBytes, StreamListener listener) {
        LogsStream stream = new LogsStream(endpoint, programs, level, listener);
        return WebSocketConnect.open(client, endpoint, new TextMessageListener(maxMessageBytes, stream::handle, stream::fail))
                .thenApply(ws -> {
                    stream.socket = ws;
                    stream.subscribe(ws);
                    return stream;
                });
    }

    private void subscribe(WebSocket ws) {
        // One request per message: not every node takes batches on its pubsub port.
        List<String> requests = new ArrayList<>();
        requests.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slotSubscribe\"}");
        for (String program : programs) {
            requests.add("{\"jsonrpc\":\"2.0\",\"id\":" + (requests.size() + 1) + ",\"method\":\"logsSubscribe\",\"params\":[{\"mentions\":[\""
                    + program + "\"]},{\"commitment\":\"" + level.rpcName() + "\"}]}");
        }
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

    @Override
    public Endpoint endpoint() {
        return endpoint;
    }

    @Override
    public Commitment level() {
        return level;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public long messages() {
        return messages;
    }

    // ---- socket thread ---------------------------------------------------------------------

    private void handle(String text) {
        if (closed) {
            return;
        }
        messages++;
        try (JsonParser p = JSON.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Message m = new Message();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "method" -> m.method = p.getText();
                    case "params" -> readParams(p, m);
                    case "error" -> m.error = p.currentToken() == JsonToken.VALUE_NULL ? null : errorText(p);
                    default -> p.skipChildren();
                }
            }
            dispatch(m);
        } catch (IOException | RuntimeException e) {
            fail(FailureKind.MALFORMED, "unreadable notification: " + e.getMessage());
        }
    }

    private void dispatch(Message m) {
        if (m.error != null) {
            fail(FailureKind.RPC_ERROR, "subscribe refused: " + m.error);
            return;
        }
        if ("slotNotification".equals(m.method)) {
            if (m.slot < 0 || m.parent < 0) {
                throw new IllegalArgumentException("slotNotification without slot or parent");
            }
            listener.onSlot(this, m.slot, m.parent, m.root);
        } else if ("logsNotification".equals(m.method)) {
            if (m.contextSlot < 0 || m.signature == null || m.logs == null) {
                throw new IllegalArgumentException("logsNotification without context.slot, value.signature or value.logs");
            }
            listener.onLogs(this, m.contextSlot, m.signature, m.failed, m.logs);
        }
        // Subscription answers and other methods carry nothing the feed needs.
    }

    /** What one message said, in whatever order its fields came. */
    private static final class Message {
        String method;
        String error;
        long slot = -1;
        long parent = -1;
        long root = -1;
        long contextSlot = -1;
        String signature;
        boolean failed;
        List<String> logs;
    }

    private static void readParams(JsonParser p, Message m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("result".equals(field) && p.currentToken() == JsonToken.START_OBJECT) {
                readResult(p, m);
            } else {
                p.skipChildren();
            }
        }
    }

    private static void readResult(JsonParser p, Message m) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "slot" -> m.slot = p.getValueAsLong(-1);
                case "parent" -> m.parent = p.getValueAsLong(-1);
                case "root" -> m.root = p.getValueAsLong(-1);
                case "context" -> m.contextSlot = contextSlot(p);
                case "value" -> readLogsValue(p, m);
                default -> p.skipChildren();
            }
        }
    }

    private static long contextSlot(JsonParser p) throws IOException {
        long slot = -1;
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return slot;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("slot".equals(field)) {
                slot = p.getValueAsLong(-1);
            } else {
                p.skipChildren();
            }
        }
        return slot;
    }

    private static void readLogsValue(JsonParser p, Message m) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "signature" -> m.signature = p.getText();
                case "err" -> {
                    m.failed = p.currentToken() != JsonToken.VALUE_NULL;
                    p.skipChildren();
                }
                case "logs" -> m.logs = strings(p);
                default -> p.skipChildren();
            }
        }
    }

    private static List<String> strings(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("logs: expected an array, got " + p.currentToken());
        }
        List<String> out = new ArrayList<>();
        while (p.nextToken() == JsonToken.VALUE_STRING) {
            out.add(p.getText());
        }
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw new IOException("logs: expected strings, got " + p.currentToken());
        }
        return out;
    }

    private static String errorText(JsonParser p) throws IOException {
        StringBuilder sb = new StringBuilder();
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.getText();
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if ("code".equals(field) || "message".equals(field)) {
                sb.append(sb.isEmpty() ? "" : " ").append(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return sb.toString();
    }

    private void fail(FailureKind kind, String message) {
        if (closed) {
            return;
        }
        closed = true;
        endpoint.recordFailure(kind, 0, message);
        WebSocket ws = socket;
        if (ws != null) {
            ws.abort();
        }
        listener.onClosed(this, new EndpointException(endpoint.id(), kind, message));
    }

    @Override
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
