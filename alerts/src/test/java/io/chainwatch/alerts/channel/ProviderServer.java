package io.chainwatch.alerts.channel;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A fake of an outside provider (Slack, Discord, Telegram, Twilio, a webhook receiver) on 127.0.0.1 and an
 * ephemeral port: it records each request and answers with the reply the test queued, as the provider
 * documents its answers. A reply may hang until the server closes, to show timeouts.
 */
final class ProviderServer implements AutoCloseable {
    record Request(String method, String path, String query, Headers headers, String body) {
        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private record Reply(int status, String contentType, Function<Request, String> body, String[] headers, boolean hang) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>(100);
    private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>(100);
    private final CountDownLatch closing = new CountDownLatch(1);

    private ProviderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static ProviderServer start() {
        try {
            return new ProviderServer();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The next request gets this answer; {@code headers} are name, value pairs. */
    ProviderServer reply(int status, String contentType, String body, String... headers) {
        return reply(status, contentType, r -> body, headers);
    }

    /** An answer made from the request, as a provider that echoes what it got in its error. */
    ProviderServer reply(int status, String contentType, Function<Request, String> body, String... headers) {
        replies.add(new Reply(status, contentType, body, headers, false));
        return this;
    }

    /** The next request gets no answer until the server closes. */
    ProviderServer hang() {
        replies.add(new Reply(0, "", r -> "", new String[0], true));
        return this;
    }

    Request take() {
        try {
            Request r = requests.poll(5, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request reached the provider");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Reply reply = replies.poll();
            if (reply == null) {
                reply = new Reply(599, "text/plain", r -> "the test queued no reply", new String[0], false);
            }
            if (reply.hang()) {
                closing.await(10, TimeUnit.SECONDS);
                return;
            }
            byte[] body = reply.body().apply(request).getBytes(StandardCharsets.UTF_8);
            if (!reply.contentType().isEmpty()) {
                exchange.getResponseHeaders().add("Content-Type", reply.contentType());
            }
            for (int i = 0; i + 1 < reply.headers().length; i += 2) {
                exchange.getResponseHeaders().add(reply.headers()[i], reply.headers()[i + 1]);
            }
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
