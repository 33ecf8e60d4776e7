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

    /** The base fee of the newest block, in wei (zero on a chain without EIP-1559). */
    public CompletableFuture<java.math.BigInteger> baseFee(Endpoint e) {
        return rpc.call(e, "eth_getBlockByNumber", List.of("latest", false))
                .thenApply(r -> parse(e, "eth_getBlockByNumber", () -> EvmJson.baseFee(r)));
    }

    /** How many transactions {@code account} has sent, counting those still waiting in the endpoint's pool. */
    public CompletableFuture<Long> pendingNonce(Endpoint e, io.chainwatch.core.Address account) {
        return rpc.call(e, "eth_getTransactionCount", List.of(account.hex(), "pending"))
                .thenApply(r -> parse(e, "eth_getTransactionCount", () -> Hex.quantity(r.asText())));
    }

    /** Runs a call against the newest state without sending anything; its return data as hex. */
    public CompletableFuture<String> call(Endpoint e, io.chainwatch.core.Address from, io.chainwatch.core.Address to, String data) {
        return rpc.call(e, "eth_call", List.of(Map.of("from", from.hex(), "to", to.hex(), "data", data), "latest"))
                .thenApply(r -> parse(e, "eth_call", () -> EvmJson.hexData(r)));
    }

    /** The gas a call would use; fails with the node's reason when it would revert. */
    public CompletableFuture<Long> estimateGas(Endpoint e, io.chainwatch.core.Address from, io.chainwatch.core.Address to, String data) {
        return rpc.call(e, "eth_estimateGas", List.of(Map.of("from", from.hex(), "to", to.hex(), "data", data)))
                .thenApply(r -> parse(e, "eth_estimateGas", () -> Hex.quantity(r.asText())));
    }

    /** Hands a signed transaction to the endpoint; the hash it gives back. */
    public CompletableFuture<Hash32> sendRawTransaction(Endpoint e, String signedHex) {
        return rpc.call(e, "eth_sendRawTransaction", List.of(signedHex))
                .thenApply(r -> parse(e, "eth_sendRawTransaction", () -> Hash32.of(r.asText())));
    }

    /** The receipt of a mined transaction, or empty while it is not mined (or the endpoint does not know it). */
    public CompletableFuture<Optional<TxReceipt>> receipt(Endpoint e, Hash32 txHash) {
        return rpc.call(e, "eth_getTransactionReceipt", List.of(txHash.hex()))
                .thenApply(r -> r == null || r.isNull() ? Optional.<TxReceipt>empty()
                        : Optional.of(parse(e, "eth_getTransactionReceipt", () -> EvmJson.receipt(r))));
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
