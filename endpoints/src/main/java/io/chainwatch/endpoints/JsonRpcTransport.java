package io.chainwatch.endpoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * JSON-RPC 2.0 calls on one endpoint, whatever carries them. Every call goes through the endpoint's
 * breaker and rate limiter and records its outcome on it; futures fail with {@link EndpointException}.
 */
public interface JsonRpcTransport {
    /** Calls {@code method}; the result as a tree. */
    CompletableFuture<JsonNode> call(Endpoint endpoint, String method, Object params);

    /**
     * Calls {@code method} and reads its result with a streaming parser, building no tree: for large
     * answers (eth_getLogs) on the hot path.
     */
    <T> CompletableFuture<T> call(Endpoint endpoint, String method, Object params, ResultReader<T> reader);

    /** Several calls at once: results in request order; one failed item fails them all. */
    CompletableFuture<List<JsonNode>> batch(Endpoint endpoint, List<Call> calls);

    /**
     * Reads one JSON value from a streaming parser positioned on its first token. Throws
     * {@link IllegalArgumentException} naming what is wrong when the value has the wrong shape.
     */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    record Call(String method, Object params) {
    }
}
