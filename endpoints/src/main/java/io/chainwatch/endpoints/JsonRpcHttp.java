package io.chainwatch.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP. One pooled {@link HttpClient} (keep-alive connections are reused per
 * endpoint); every call goes through the endpoint's breaker and rate limiter and records its outcome.
 * Answers larger than {@code maxResponseBytes} are cut off and reported as OVERSIZED.
 */
public final class JsonRpcHttp implements JsonRpcTransport, AutoCloseable {
    private static final ObjectMapper JSON = JsonRpcAnswers.JSON;

    private final HttpClient client;
    private final int maxResponseBytes;
    private final AtomicLong ids = new AtomicLong();

    public JsonRpcHttp(int maxResponseBytes) {
        this.maxResponseBytes = maxResponseBytes;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(3))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
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
        HttpRequest request = HttpRequest.newBuilder(endpoint.config().httpUrl())
                .timeout(Duration.ofMillis(endpoint.config().timeoutMs()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        return client.sendAsync(request, info -> new LimitedBody(maxResponseBytes))
                .handle((response, error) -> {
                    long took = System.nanoTime() - start;
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                        FailureKind kind = FailureKind.of(cause);
                        endpoint.recordFailure(kind, took, String.valueOf(cause.getMessage()));
                        throw new EndpointException(endpoint.id(), kind, String.valueOf(cause.getMessage()));
                    }
                    return checkTransport(endpoint, response, took);
                });
    }

    private static Timed checkTransport(Endpoint endpoint, HttpResponse<byte[]> response, long took) {
        byte[] bytes = response.body();
        if (bytes != null) {
            endpoint.recordReceived(bytes.length);
        }
        if (bytes == null) {
            endpoint.recordFailure(FailureKind.OVERSIZED, took, "answer over the size limit");
            throw new EndpointException(endpoint.id(), FailureKind.OVERSIZED, "answer over the size limit");
        }
        int status = response.statusCode();
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

    @Override
    public void close() {
        client.close();
    }

    /**
     * Collects the body up to a limit; past it, gives null and stops reading. Chunks are kept as they
     * come and copied once, into an array of the exact size, at the end: answers of several MB would
     * otherwise be copied again at every doubling of a growing buffer.
     */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final java.util.ArrayList<byte[]> chunks = new java.util.ArrayList<>();
        private int size;
        private Flow.Subscription subscription;

        LimitedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : items) {
                if ((long) size + b.remaining() > limit) {
                    chunks.clear();
                    result.complete(null);
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                chunks.add(chunk);
                size += chunk.length;
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            byte[] all = new byte[size];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, all, at, c.length);
                at += c.length;
            }
            chunks.clear();
            result.complete(all);
        }
    }
}
