package io.chainwatch.sim.evm;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC over WebSocket client for tests, on java.net.http.WebSocket. Collects whole text
 * messages; with {@code reading == false} it asks for no message after the first, so the server's
 * writes back up (a subscriber that cannot keep up).
 */
final class WsClient implements WebSocket.Listener, AutoCloseable {
    private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger(1000);
    private final boolean reading;
    private final StringBuilder partial = new StringBuilder();
    private final WebSocket socket;

    private WsClient(URI url, boolean reading) {
        this.reading = reading;
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .buildAsync(url, this)
                .join();
    }

    static WsClient connect(URI url) {
        return new WsClient(url, true);
    }

    static WsClient connectWithoutReading(URI url) {
        return new WsClient(url, false);
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        if (reading || !last) {
            ws.request(1);
        }
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        closed.complete(-1);
    }

    CompletableFuture<Integer> closedFuture() {
        return closed;
    }

    void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a call and returns the answer with its id, keeping notifications that came first. */
    JsonNode call(String method, Object... params) {
        int id = ids.incrementAndGet();
        sendText(RpcClient.request(id, method, params).toString());
        List<String> other = new ArrayList<>();
        try {
            while (true) {
                String m = nextText(Duration.ofSeconds(10));
                JsonNode n = RpcClient.parse(m);
                if (n.has("id") && n.get("id").asInt() == id) {
                    return n;
                }
                other.add(m);
            }
        } finally {
            List<String> rest = new ArrayList<>();
            messages.drainTo(rest);
            messages.addAll(other);
            messages.addAll(rest);
        }
    }

    /** Subscribes and returns the subscription id. */
    String subscribe(Object... params) {
        JsonNode answer = call("eth_subscribe", params);
        if (!answer.has("result")) {
            throw new AssertionError("eth_subscribe failed: " + answer);
        }
        return answer.get("result").asText();
    }

    String nextText(Duration timeout) {
        try {
            String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (m == null) {
                throw new AssertionError("no WebSocket message within " + timeout);
            }
            return m;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    JsonNode next() {
        return RpcClient.parse(nextText(Duration.ofSeconds(10)));
    }

    /** The next notification's {@code params.result}. */
    JsonNode nextResult(String subscription) {
        JsonNode n = next();
        if (!"eth_subscription".equals(n.path("method").asText()) || !subscription.equals(n.path("params").path("subscription").asText())) {
            throw new AssertionError("expected a notification of " + subscription + ", got " + n);
        }
        return n.get("params").get("result");
    }

    /** Messages already received, without waiting. */
    List<String> drain() {
        List<String> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** Waits until no message has arrived for {@code quiet}, then returns all received. */
    List<String> drainUntilQuiet(Duration quiet) {
        List<String> out = new ArrayList<>();
        try {
            String m;
            while ((m = messages.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                out.add(m);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return out;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
