package io.chainwatch.sim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC over WebSocket client for tests (EVM and Solana), on java.net.http.WebSocket. Collects whole text
 * messages; with {@code reading == false} it asks for no message after the first, so the server's
 * writes back up (a subscriber that cannot keep up).
 */
public final class WsClient implements WebSocket.Listener, AutoCloseable {
    private final LinkedBlockingDeque<String> messages = new LinkedBlockingDeque<>();
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

    public static WsClient connect(URI url) {
        return new WsClient(url, true);
    }

    public static WsClient connectWithoutReading(URI url) {
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

    public CompletableFuture<Integer> closedFuture() {
        return closed;
    }

    /**
     * Waits until the connection is seen closed: the close callback ran, or a ping failed. Pings
     * every 100 ms meanwhile. java.net.http's WebSocket now and then misses the end of a socket the
     * server closed abortively (no onClose or onError, about one time in six here, even after the
     * kernel reset the connection), as a client without heartbeats would; its pings then fail, which
     * tells that the server really closed the socket.
     */
    public boolean awaitClosed(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (closed.isDone()) {
                return true;
            }
            try {
                socket.sendPing(java.nio.ByteBuffer.allocate(0)).get(100, TimeUnit.MILLISECONDS);
                closed.get(100, TimeUnit.MILLISECONDS);
                return true;
            } catch (java.util.concurrent.ExecutionException | IllegalStateException e) {
                return true; // the ping failed: the socket is gone
            } catch (java.util.concurrent.TimeoutException e) {
                // not yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return closed.isDone();
    }

    public void sendText(String text) {
        socket.sendText(text, true).join();
    }

    /** Sends a call and returns the answer with its id, keeping notifications that came first. */
    public JsonNode call(String method, Object... params) {
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
            // Put what came before the answer back at the head, in order. (Draining the queue and adding
            // everything back raced the socket's thread: a notification arriving in between jumped ahead
            // of older ones, and slot notifications seemed to go backwards now and then.)
            for (int i = other.size() - 1; i >= 0; i--) {
                messages.addFirst(other.get(i));
            }
        }
    }

    /** Subscribes and returns the subscription id. */
    public String subscribe(Object... params) {
        JsonNode answer = call("eth_subscribe", params);
        if (!answer.has("result")) {
            throw new AssertionError("eth_subscribe failed: " + answer);
        }
        return answer.get("result").asText();
    }

    /** Subscribes with a Solana {@code *Subscribe} method and returns the numeric subscription id. */
    public long subscribeTo(String method, Object... params) {
        JsonNode answer = call(method, params);
        if (!answer.has("result") || !answer.get("result").canConvertToLong()) {
            throw new AssertionError(method + " failed: " + answer);
        }
        return answer.get("result").asLong();
    }

    /** The next message, which must be a Solana {@code method} notification of {@code subscription}; its {@code params.result}. */
    public JsonNode nextNotification(String method, long subscription) {
        JsonNode n = next();
        if (!method.equals(n.path("method").asText()) || n.path("params").path("subscription").asLong(-1) != subscription) {
            throw new AssertionError("expected a " + method + " of subscription " + subscription + ", got " + n);
        }
        return n.get("params").get("result");
    }

    /** The next message within {@code timeout}, or null when none came. */
    public JsonNode poll(Duration timeout) {
        try {
            String m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return m == null ? null : RpcClient.parse(m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String nextText(Duration timeout) {
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

    public JsonNode next() {
        return RpcClient.parse(nextText(Duration.ofSeconds(10)));
    }

    /** The next notification's {@code params.result}. */
    public JsonNode nextResult(String subscription) {
        JsonNode n = next();
        if (!"eth_subscription".equals(n.path("method").asText()) || !subscription.equals(n.path("params").path("subscription").asText())) {
            throw new AssertionError("expected a notification of " + subscription + ", got " + n);
        }
        return n.get("params").get("result");
    }

    /** Messages already received, without waiting. */
    public List<String> drain() {
        List<String> out = new ArrayList<>();
        messages.drainTo(out);
        return out;
    }

    /** Waits until no message has arrived for {@code quiet}, then returns all received. */
    public List<String> drainUntilQuiet(Duration quiet) {
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
