package io.chainwatch.endpoints;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * A fake JSON-RPC node on loopback for faults a real node cannot be made to show on demand (a chosen
 * latency per request, a broken answer). Answers every request with {@code "result":"0x1"} (or the
 * body the test sets) after the delay the test's supplier gives.
 */
final class SlowJsonRpcServer implements AutoCloseable {
    private final HttpServer server;
    final AtomicInteger requests = new AtomicInteger();
    final AtomicReference<String> body = new AtomicReference<>();
    volatile IntSupplier delayMs = () -> 0;

    SlowJsonRpcServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            requests.incrementAndGet();
            String req = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String id = req.replaceAll(".*\"id\":(\\d+).*", "$1");
            try {
                Thread.sleep(delayMs.getAsInt());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String answer = body.get() != null ? body.get() : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":\"0x1\"}";
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Stops listening: new connections are refused. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
