package io.chainwatch.solana.feed;

import io.chainwatch.core.config.Commitment;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.WebSocketSession;
import io.chainwatch.endpoints.WebSocketConnect;
import io.chainwatch.solana.LogLines;

import java.io.IOException;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One WebSocket connection that follows Solana: {@code slotSubscribe} (every slot as it is
 * processed, with its parent and the root) and one {@code logsSubscribe} per watched program
 * (transactions that mention it, at the feed's commitment). Notifications are read as
 * {@link PubsubMessage}s from the socket's bytes, with no String per message or per log line, and
 * handed to the {@link StreamListener} on the socket's thread, in the order the endpoint sent them.
 * The first failure (connect error, an error answer to a subscribe, an unreadable or oversized
 * message, the endpoint closing) goes once to
 * {@link StreamListener#onClosed}, so that the owner can fail over.
 */
public final class LogsStream implements LiveStream {
    private final Endpoint endpoint;
    private final StreamListener listener;
    private final List<String> programs;
    private final Commitment level;
    private final WebSocketSession session;
    private volatile long messages;
    /** The log lines of the message being handled: one list for all, filled and read on the socket thread. */
    private final LogLines lines = new LogLines(64);

    private LogsStream(Endpoint endpoint, List<String> programs, Commitment level, StreamListener listener) {
        this.endpoint = endpoint;
        this.programs = List.copyOf(programs);
        this.level = level;
        this.listener = listener;
        this.session = new WebSocketSession(endpoint, cause -> listener.onClosed(this, cause));
    }

    /** Connects and subscribes; the future fails when the connection cannot be made. */
    public static CompletableFuture<LogsStream> open(Endpoint endpoint, List<String> programs, Commitment level,
                                                     int maxMessageBytes, StreamListener listener) {
        LogsStream stream = new LogsStream(endpoint, programs, level, listener);
        return WebSocketConnect.open(endpoint, TextMessageListener.ofUtf8(maxMessageBytes, stream::handle, stream::fail))
                .thenApply(ws -> {
                    stream.session.attach(ws);
                    stream.subscribe(ws);
                    return stream;
                });
    }

    private void subscribe(WebSocket ws) {
        List<String> requests = new ArrayList<>();
        requests.add("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"slotSubscribe\"}");
        for (String program : programs) {
            requests.add("{\"jsonrpc\":\"2.0\",\"id\":" + (requests.size() + 1) + ",\"method\":\"logsSubscribe\",\"params\":[{\"mentions\":[\""
                    + program + "\"]},{\"commitment\":\"" + level.rpcName() + "\"}]}");
        }
        session.sendInOrder(ws, requests);
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
        return session.isOpen();
    }

    @Override
    public long messages() {
        return messages;
    }

    // ---- socket thread ---------------------------------------------------------------------

    /** One message as the socket's UTF-8 bytes, good for this call only: its log lines are handed on as views into them. */
    private void handle(byte[] utf8, int offset, int length) {
        if (!session.isOpen()) {
            return;
        }
        messages++;
        try {
            dispatch(PubsubMessage.read(utf8, offset, length, lines));
        } catch (IOException | RuntimeException e) {
            fail(FailureKind.MALFORMED, "unreadable notification: " + e.getMessage());
        }
    }

    private void dispatch(PubsubMessage m) {
        if (m.error() != null) {
            fail(FailureKind.RPC_ERROR, "subscribe refused: " + m.error());
            return;
        }
        if ("slotNotification".equals(m.method())) {
            if (m.slot() < 0 || m.parent() < 0) {
                throw new IllegalArgumentException("slotNotification without slot or parent");
            }
            listener.onSlot(this, m.slot(), m.parent(), m.root());
        } else if ("logsNotification".equals(m.method())) {
            if (m.contextSlot() < 0 || m.signature() == null || m.logs() == null) {
                throw new IllegalArgumentException("logsNotification without context.slot, value.signature or value.logs");
            }
            listener.onLogs(this, m.contextSlot(), m.signature(), m.failed(), m.logs());
        }
        // Subscription answers and other methods carry nothing the feed needs.
    }

    private void fail(FailureKind kind, String message) {
        session.fail(kind, message);
    }

    @Override
    public void close() {
        session.close();
    }
}
