package io.chainwatch.endpoints.websocket;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Writes down what the WebSocket tells it, as lines ("text:...", "binary:N", "ping:...", "close:1000:bye",
 * "error:Class:message"), with the thread it was told on, and asks for one more message after each.
 */
class RecordingListener implements WebSocket.Listener {
    final LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<String> threads = new LinkedBlockingQueue<>();
    volatile Throwable error;

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        return record(ws, "text:" + data + (last ? "" : ":partial"));
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        return record(ws, "binary:" + data.remaining());
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        return record(ws, "ping:" + StandardCharsets.UTF_8.decode(message));
    }

    @Override
    public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
        return record(ws, "pong:" + StandardCharsets.UTF_8.decode(message));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        threads.add(Thread.currentThread().getName());
        events.add("close:" + statusCode + ":" + reason);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        this.error = error;
        threads.add(Thread.currentThread().getName());
        events.add("error:" + error.getClass().getSimpleName() + ":" + error.getMessage());
    }

    private CompletionStage<?> record(WebSocket ws, String event) {
        threads.add(Thread.currentThread().getName());
        events.add(event);
        ws.request(1);
        return null;
    }

    String next() throws InterruptedException {
        String e = events.poll(10, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("nothing told to the listener within 10 s");
        }
        return e;
    }
}
