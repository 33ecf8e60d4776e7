package io.chainwatch.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.chainwatch.endpoints.net.Http1Client;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP/1.1 ({@link Http1Client}: keep-alive connections pooled per endpoint), each
 * call on a virtual thread of its own that sends, reads the answer and parses it; every call goes
 * through the endpoint's breaker and rate limiter and records its outcome. Answers larger than
 * {@code maxResponseBytes} are not read and reported as OVERSIZED; the endpoint's timeout covers the
 * whole exchange, the answer's last byte included.
 */
public final class JsonRpcHttp implements JsonRpcTransport, AutoCloseable {
    private static final ObjectMapper JSON = JsonRpcAnswers.JSON;

    private static final int CONNECT_TIMEOUT_MS = 3_000;

    private final Http1Client client;
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("jsonrpc-http-", 0).factory());
    private final int maxResponseBytes;
    private final AtomicLong ids = new AtomicLong();

    /** With the JVM's default trust for {@code https://}. */
    public JsonRpcHttp(int maxResponseBytes) {
        this(maxResponseBytes, defaultTls());
    }

    public JsonRpcHttp(int maxResponseBytes, SSLContext tls) {
        this.maxResponseBytes = maxResponseBytes;
        this.client = new Http1Client(tls, CONNECT_TIMEOUT_MS);
    }

    private static SSLContext defaultTls() {
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no default TLS context", e);
        }
    }

    @Override
    public CompletableFuture<JsonNode> call(Endpoint endpoint, String method, Object params) {
        String body = request(method, params);
        return send(endpoint, body).thenApply(node -> JsonRpcAnswers.result(endpoint, node, method));
    }

    @Override
    public <T> CompletableFuture<T> call(Endpoint endpoint, String method, Object params, ResultReader<T> reader) {
        String body = request(method, params);
        return sendRaw(endpoint, body).thenApply(timed -> readStreaming(endpoint, method, timed, reader));
    }

    private <T> T readStreaming(Endpoint endpoint, String method, Timed timed, ResultReader<T> reader) {
        try (com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(timed.bytes())) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw JsonRpcAnswers.fail(endpoint, FailureKind.MALFORMED, timed.latencyNs(), method + ": not a JSON-RPC answer");
            }
            return JsonRpcAnswers.readAnswer(endpoint, method, p, timed.latencyNs(), timed.bytes().length, reader);
        } catch (IOException e) {
            throw JsonRpcAnswers.fail(endpoint, FailureKind.MALFORMED, timed.latencyNs(), method + ": unparseable answer ("
                    + timed.bytes().length + " bytes): " + JsonRpcAnswers.firstLine(e.getMessage()));
        }
    }

    private record Timed(byte[] bytes, long latencyNs) {
    }

    /** One JSON-RPC batch request: results in request order; a per-item error fails the whole batch. */
    @Override
    public CompletableFuture<List<JsonNode>> batch(Endpoint endpoint, List<Call> calls) {
        if (calls.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        StringBuilder sb = new StringBuilder("[");
        long first = ids.get() + 1;
        for (int i = 0; i < calls.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(request(calls.get(i).method(), calls.get(i).params()));
        }
        sb.append(']');
        return send(endpoint, sb.toString()).thenApply(node -> {
            if (!node.isArray() || node.size() != calls.size()) {
                throw JsonRpcAnswers.fail(endpoint, FailureKind.MALFORMED, 0, "batch of " + calls.size() + " answered with "
                        + (node.isArray() ? node.size() + " items" : "a non-array"));
            }
            JsonNode[] out = new JsonNode[calls.size()];
            for (JsonNode item : node) {
                long id = item.path("id").asLong(-1);
                int idx = (int) (id - first);
                if (idx < 0 || idx >= out.length || out[idx] != null) {
                    throw JsonRpcAnswers.fail(endpoint, FailureKind.MALFORMED, 0, "batch answer with unexpected id " + item.path("id"));
                }
                out[idx] = JsonRpcAnswers.result(endpoint, item, calls.get(idx).method());
            }
            return List.of(out);
        });
    }

    private String request(String method, Object params) {
        return JsonRpcAnswers.request(ids.incrementAndGet(), method, params);
    }

    private CompletableFuture<JsonNode> send(Endpoint endpoint, String body) {
        return sendRaw(endpoint, body).thenApply(timed -> parse(endpoint, timed.bytes(), timed.latencyNs()));
    }

    /** Sends and checks the transport (status, size); the body is not parsed yet and nothing recorded as success. */
    private CompletableFuture<Timed> sendRaw(Endpoint endpoint, String body) {
        if (!endpoint.tryAcquire()) {
            return CompletableFuture.failedFuture(JsonRpcAnswers.throttled(endpoint));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        long deadline = start + endpoint.config().timeoutMs() * 1_000_000L;
        // Completed on the call's own thread: what the caller chains on it (the answer's parse) runs there too.
        CompletableFuture<Timed> answer = new CompletableFuture<>();
        try {
            calls.execute(() -> {
                Http1Client.Response response;
                try {
                    response = client.post(endpoint.config().httpUrl(), "application/json", bytes, deadline, maxResponseBytes);
                } catch (IOException | RuntimeException e) {
                    FailureKind kind = FailureKind.of(e);
                    String message = String.valueOf(e.getMessage());
                    endpoint.recordFailure(kind, System.nanoTime() - start, message);
                    answer.completeExceptionally(new EndpointException(endpoint.id(), kind, message));
                    return;
                }
                try {
                    answer.complete(checkTransport(endpoint, response, System.nanoTime() - start));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return CompletableFuture.failedFuture(new EndpointException(endpoint.id(), FailureKind.CLOSED, "the JSON-RPC client is closed"));
        }
        return answer;
    }

    private static Timed checkTransport(Endpoint endpoint, Http1Client.Response response, long took) {
        byte[] bytes = response.body();
        if (bytes != null) {
            endpoint.recordReceived(bytes.length);
        }
        if (bytes == null) {
            endpoint.recordFailure(FailureKind.OVERSIZED, took, "answer over the size limit");
            throw new EndpointException(endpoint.id(), FailureKind.OVERSIZED, "answer over the size limit");
        }
        int status = response.status();
        if (status == 429) {
            endpoint.recordFailure(FailureKind.THROTTLED, took, "HTTP 429");
            throw new EndpointException(endpoint.id(), FailureKind.THROTTLED, "HTTP 429");
        }
        if (status / 100 != 2) {
            endpoint.recordFailure(FailureKind.HTTP_ERROR, took, "HTTP " + status);
            throw new EndpointException(endpoint.id(), FailureKind.HTTP_ERROR, "HTTP " + status);
        }
        return new Timed(bytes, took);
    }

    private static JsonNode parse(Endpoint endpoint, byte[] bytes, long took) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !(node.isObject() || node.isArray())) {
                throw new IOException("not a JSON-RPC answer");
            }
            endpoint.recordSuccess(took);
            return node;
        } catch (IOException e) {
            endpoint.recordFailure(FailureKind.MALFORMED, took, "unparseable answer: " + e.getMessage());
            throw new EndpointException(endpoint.id(), FailureKind.MALFORMED, "unparseable answer ("
                    + bytes.length + " bytes): " + JsonRpcAnswers.firstLine(e.getMessage()));
        }
    }

    /** New calls fail; those under way end by their deadlines. */
    @Override
    public void close() {
        calls.shutdown();
        client.close();
    }
}
