package io.chainwatch.evm.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.BlockRef;
import io.chainwatch.core.Hash32;
import io.chainwatch.core.Hex;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.JsonRpcTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Typed EVM JSON-RPC calls on one endpoint. Malformed answers count against the endpoint that sent them. */
public final class EvmRpc {
    private final JsonRpcTransport rpc;

    public EvmRpc(JsonRpcTransport transport) {
        this.rpc = transport;
    }

    public CompletableFuture<Long> chainId(Endpoint e) {
        return rpc.call(e, "eth_chainId", List.of()).thenApply(r -> parse(e, "eth_chainId", () -> Hex.quantity(r.asText())));
    }

    public CompletableFuture<Long> blockNumber(Endpoint e) {
        return rpc.call(e, "eth_blockNumber", List.of()).thenApply(r -> parse(e, "eth_blockNumber", () -> Hex.quantity(r.asText())));
    }

    /** The header at {@code number}, or empty when the endpoint does not have it (null result). */
    public CompletableFuture<Optional<BlockRef>> header(Endpoint e, long number) {
        return rpc.call(e, "eth_getBlockByNumber", List.of(Hex.quantity(number), false))
                .thenApply(r -> r == null || r.isNull() ? Optional.<BlockRef>empty()
                        : Optional.of(parse(e, "eth_getBlockByNumber", () -> EvmJson.header(r))));
    }

    /** Headers {@code from..to} in one batch request; fails if any is missing. */
    public CompletableFuture<List<BlockRef>> headers(Endpoint e, long from, long to) {
        List<JsonRpcTransport.Call> calls = new ArrayList<>();
        for (long n = from; n <= to; n++) {
            calls.add(new JsonRpcTransport.Call("eth_getBlockByNumber", List.of(Hex.quantity(n), false)));
        }
        return rpc.batch(e, calls).thenApply(results -> {
            List<BlockRef> out = new ArrayList<>(results.size());
            for (int i = 0; i < results.size(); i++) {
                JsonNode r = results.get(i);
                long n = from + i;
                if (r == null || r.isNull()) {
                    throw new EndpointException(e.id(), FailureKind.RPC_ERROR, "block " + n + " not available");
                }
                BlockRef b = parse(e, "eth_getBlockByNumber", () -> EvmJson.header(r));
                if (b.number() != n) {
                    throw malformed(e, "eth_getBlockByNumber(" + n + ") answered block " + b.number());
                }
                out.add(b);
            }
            return out;
        });
    }

    /** Logs of blocks {@code from..to} whose topic0 is one of {@code topic0s}. */
    public CompletableFuture<List<EvmLog>> logs(Endpoint e, long from, long to, List<Hash32> topic0s) {
        Map<String, Object> filter = Map.of("fromBlock", Hex.quantity(from), "toBlock", Hex.quantity(to),
                "topics", List.of(topic0s.stream().map(Hash32::hex).toList()));
        return rpc.call(e, "eth_getLogs", List.of(filter), EvmJson::logs);
    }

    private static <T> T parse(Endpoint e, String method, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException ex) {
            throw malformed(e, method + ": " + ex.getMessage());
        }
    }

    private static EndpointException malformed(Endpoint e, String message) {
        e.recordFailure(FailureKind.MALFORMED, 0, message);
        return new EndpointException(e.id(), FailureKind.MALFORMED, message);
    }
}
