package io.chainwatch.sim.evm.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.chainwatch.core.Address;
import io.chainwatch.core.Hash32;
import io.chainwatch.sim.evm.Faults;
import io.chainwatch.sim.evm.Reserves;
import io.chainwatch.sim.evm.RpcLimits;
import io.chainwatch.sim.evm.SimBlock;
import io.chainwatch.sim.evm.SimLog;
import io.chainwatch.sim.evm.UniswapV2Events;
import io.chainwatch.sim.internal.EndpointCounters;
import io.chainwatch.sim.internal.JsonRpcEnvelope;
import io.chainwatch.sim.internal.RpcFailure;
import io.chainwatch.sim.internal.WsConnection;
import java.math.BigInteger;
import java.util.SplittableRandom;

/**
 * Answers the JSON-RPC of one endpoint: single calls and batches, over HTTP or WebSocket, from the
 * chain snapshot taken when the request arrives and the endpoint's faults at that moment.
 *
 * <p>Thread-safe: server threads call it concurrently; it keeps no state but the subscription id
 * source (guarded by its own lock). The envelope (batches, ids, injected errors) is the shared
 * {@link JsonRpcEnvelope}.
 */
public final class JsonRpcDispatcher {
    private static final int SAFE_DEPTH = 32;
    private static final int FINALIZED_DEPTH = 64;
    private static final byte[] OPEN_ARRAY = AsciiJson.ascii("[");
    private static final byte[] COMMA = AsciiJson.ascii(",");
    private static final byte[] CLOSE_ARRAY = AsciiJson.ascii("]");

    private final long chainId;
    private final Chain chain;
    private final FaultState faults;
    private final RpcLimits limits;
    private final SplittableRandom subscriptionIds;
    private final JsonRpcEnvelope<Request> envelope;

    public JsonRpcDispatcher(long chainId, Chain chain, FaultState faults, RpcLimits limits, EndpointCounters counters, long seed) {
        this.chainId = chainId;
        this.chain = chain;
        this.faults = faults;
        this.limits = limits;
        this.subscriptionIds = new SplittableRandom(seed);
        this.envelope = new JsonRpcEnvelope<>(JsonRpcEnvelope.Texts.GETH, counters, this::call,
                req -> faults.roll(req.faults().errorRate()));
    }

    /** What one request sees: the chain snapshot and the faults when it arrived. */
    private record Request(ChainView view, Faults faults, WsConnection<Subscription> connection) {
        long shownHead() {
            return Math.max(0, view.head() - faults.lagBlocks());
        }

        SimBlock canonical(long number) {
            return number > shownHead() ? null : view.block(number);
        }
    }

    /**
     * The answer to one HTTP body or WebSocket message: an object, a batch array, or null when the
     * message holds only notifications (calls without id). {@code connection} is null over HTTP.
     */
    public String answer(String text, WsConnection<Subscription> connection) {
        return envelope.answer(text, () -> new Request(chain.view(), faults.snapshot(), connection));
    }

    private String call(String method, JsonNode rawParams, Request req) {
        RpcParams params = RpcParams.of(rawParams);
        return switch (method) {
            case "eth_chainId" -> {
                params.atMost(0);
                yield quoted(WireFormat.quantity(shownChainId(req)));
            }
            case "net_version" -> {
                params.atMost(0);
                yield quoted(Long.toString(shownChainId(req)));
            }
            case "web3_clientVersion" -> quoted("chainwatch-sim/0.1.0");
            case "net_listening" -> "true";
            case "eth_syncing" -> "false";
            case "eth_blockNumber" -> {
                params.atMost(0);
                yield quoted(WireFormat.quantity(req.shownHead() + req.faults().lieBlocks()));
            }
            case "eth_getBlockByNumber" -> blockByNumber(params.atMost(2), req);
            case "eth_getBlockByHash" -> blockByHash(params.atMost(2), req);
            case "eth_getLogs" -> logs(params.atMost(1), req);
            case "eth_call" -> ethCall(params.atMost(3), req);
            case "eth_subscribe" -> subscribe(params, req);
            case "eth_unsubscribe" -> unsubscribe(params.atMost(1), req);
            default -> throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "the method " + method + " does not exist/is not available");
        };
    }

    private long shownChainId(Request req) {
        return req.faults().wrongChainId().orElse(chainId);
    }

    private String blockByNumber(RpcParams params, Request req) {
        long number = blockNumber(params.required(0), 0, req);
        boolean full = RpcParams.bool(params.required(1), 1);
        SimBlock b = req.canonical(number);
        return b == null ? "null" : WireFormat.block(new StringBuilder(4096), b, full, chainId).toString();
    }

    private String blockByHash(RpcParams params, Request req) {
        Hash32 hash = RpcParams.hash(params.required(0), 0);
        boolean full = RpcParams.bool(params.required(1), 1);
        SimBlock b = known(hash, req);
        return b == null ? "null" : WireFormat.block(new StringBuilder(4096), b, full, chainId).toString();
    }

    /** A block this endpoint knows by hash: canonical up to its head, or orphaned. */
    private SimBlock known(Hash32 hash, Request req) {
        SimBlock b = chain.byHash(hash);
        if (b == null || b.number() > req.view().head()) {
            return null;
        }
        SimBlock canonical = req.view().block(b.number());
        boolean isCanonical = canonical != null && canonical.hash().equals(hash);
        return isCanonical && b.number() > req.shownHead() ? null : b;
    }

    private String logs(RpcParams params, Request req) {
        JsonNode filter = params.required(0);
        LogFilter criteria = LogFilter.parse(filter, 0);
        JsonNode blockHash = filter.get("blockHash");
        if (blockHash != null && !blockHash.isNull()) {
            if (present(filter, "fromBlock") || present(filter, "toBlock")) {
                throw RpcParams.invalidArgument(0, "cannot specify both BlockHash and FromBlock/ToBlock, choose one or the other");
            }
            SimBlock b = known(RpcParams.hash(blockHash, 0), req);
            if (b == null) {
                throw new RpcFailure(RpcFailure.SERVER_ERROR, "unknown block");
            }
            return logsOf(b, b.number(), b.number(), criteria, req);
        }
        long shown = req.shownHead();
        long from = present(filter, "fromBlock") ? blockNumber(filter.get("fromBlock"), 0, req) : shown;
        long to = present(filter, "toBlock") ? blockNumber(filter.get("toBlock"), 0, req) : shown;
        if (from > shown) {
            return "[]";
        }
        to = Math.min(to, shown);
        if (from > to) {
            throw new RpcFailure(RpcFailure.SERVER_ERROR, "invalid block range params");
        }
        if (to - from + 1 > limits.maxBlockRange()) {
            throw new RpcFailure(RpcFailure.LIMIT_EXCEEDED, "exceed maximum block range: " + limits.maxBlockRange());
        }
        if (from < req.view().lowest()) {
            throw new RpcFailure(RpcFailure.SERVER_ERROR, "history pruned: lowest available block is "
                    + WireFormat.quantity(req.view().lowest()));
        }
        return logsOf(null, from, to, criteria, req);
    }

    /** Logs of {@code only}, or of the canonical blocks {@code from..to}, matching the criteria. */
    private String logsOf(SimBlock only, long from, long to, LogFilter criteria, Request req) {
        // Sized for the whole answer up front, one buffer for all logs: growing a multi-MB buffer by doubling copies it over and over.
        long estimate = 0;
        for (long n = from; n <= to && estimate < limits.maxLogsPerResponse(); n++) {
            estimate += (only != null ? only : req.view().block(n)).logs().size();
        }
        AsciiJson out = new AsciiJson((int) Math.min(64L << 20, 4096 + Math.min(estimate, limits.maxLogsPerResponse()) * 720L));
        out.raw(OPEN_ARRAY);
        int count = 0;
        for (long n = from; n <= to; n++) {
            SimBlock b = only != null ? only : req.view().block(n);
            for (SimLog log : b.logs()) {
                if (!criteria.matches(log)) {
                    continue;
                }
                if (++count > limits.maxLogsPerResponse()) {
                    long suggestedTo = Math.max(from, n - 1);
                    throw new RpcFailure(RpcFailure.LIMIT_EXCEEDED, "query returned more than " + limits.maxLogsPerResponse()
                            + " results. Try with this block range [" + WireFormat.quantity(from) + ", "
                            + WireFormat.quantity(suggestedTo) + "].");
                }
                if (count > 1) {
                    out.raw(COMMA);
                }
                WireFormat.log(out, log, false);
            }
        }
        return out.raw(CLOSE_ARRAY).toString();
    }

    private String ethCall(RpcParams params, Request req) {
        JsonNode call = params.required(0);
        if (!call.isObject()) {
            throw RpcParams.invalidArgument(0, "call must be an object");
        }
        JsonNode tag = params.optional(1);
        SimBlock at = tag == null ? req.canonical(req.shownHead()) : blockForCall(tag, req);
        if (at == null) {
            throw new RpcFailure(RpcFailure.SERVER_ERROR, "header not found");
        }
        JsonNode toNode = call.get("to");
        if (toNode == null || toNode.isNull()) {
            return quoted("0x");
        }
        Address to = RpcParams.address(toNode, 0);
        JsonNode input = present(call, "input") ? call.get("input") : call.get("data");
        String data = input == null || input.isNull() ? "0x" : RpcParams.prefixedHex(input, 0).toLowerCase();
        Reserves r = at.reserves().get(to);
        if (r == null) {
            return quoted("0x"); // no contract here at that block
        }
        if (!data.startsWith(UniswapV2Events.GET_RESERVES_SELECTOR)) {
            throw new RpcFailure(RpcFailure.SERVER_ERROR, "execution reverted");
        }
        StringBuilder sb = new StringBuilder(2 + 3 * 64 + 2).append("\"0x");
        uint(sb, r.reserve0());
        uint(sb, r.reserve1());
        uint(sb, BigInteger.valueOf(r.blockTimestampLast()));
        return sb.append('"').toString();
    }

    private SimBlock blockForCall(JsonNode tag, Request req) {
        if (!tag.isObject()) {
            return req.canonical(blockNumber(tag, 1, req));
        }
        if (present(tag, "blockHash")) {
            SimBlock b = known(RpcParams.hash(tag.get("blockHash"), 1), req);
            boolean requireCanonical = present(tag, "requireCanonical") && RpcParams.bool(tag.get("requireCanonical"), 1);
            if (b != null && requireCanonical && req.canonical(b.number()) != b) {
                throw new RpcFailure(RpcFailure.SERVER_ERROR, "hash is not currently canonical");
            }
            return b;
        }
        if (present(tag, "blockNumber")) {
            return req.canonical(blockNumber(tag.get("blockNumber"), 1, req));
        }
        throw RpcParams.invalidArgument(1, "types BlockNumber and BlockHash both nil");
    }

    private long blockNumber(JsonNode tag, int index, Request req) {
        if (!tag.isTextual()) {
            throw RpcParams.invalidArgument(index, "block tag must be a string");
        }
        long shown = req.shownHead();
        return switch (tag.textValue()) {
            case "latest", "pending" -> shown;
            case "safe" -> Math.max(0, shown - SAFE_DEPTH);
            case "finalized" -> Math.max(0, shown - FINALIZED_DEPTH);
            case "earliest" -> 0;
            default -> RpcParams.quantity(tag, index);
        };
    }

    private String subscribe(RpcParams params, Request req) {
        if (req.connection() == null) {
            throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "notifications not supported");
        }
        JsonNode kind = params.required(0);
        if (!kind.isTextual()) {
            throw RpcParams.invalidArgument(0, "subscription name must be a string");
        }
        Subscription s = switch (kind.textValue()) {
            case "newHeads" -> {
                params.atMost(1);
                yield Subscription.of(newSubscriptionId(), Subscription.Kind.NEW_HEADS, LogFilter.ANY);
            }
            case "logs" -> {
                params.atMost(2);
                yield Subscription.of(newSubscriptionId(), Subscription.Kind.LOGS, LogFilter.parse(params.optional(1), 1));
            }
            default -> throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "no \"" + kind.textValue() + "\" subscription in eth namespace");
        };
        req.connection().addPending(s.id(), s);
        return quoted(s.id());
    }

    private String unsubscribe(RpcParams params, Request req) {
        if (req.connection() == null) {
            throw new RpcFailure(RpcFailure.METHOD_NOT_FOUND, "notifications not supported");
        }
        JsonNode id = params.required(0);
        if (!id.isTextual()) {
            throw RpcParams.invalidArgument(0, "subscription id must be a string");
        }
        return req.connection().unsubscribe(id.textValue()) ? "true" : "false";
    }

    /** 16 random bytes in hex without leading zeros, like geth's {@code rpc.NewID}. */
    private String newSubscriptionId() {
        long hi;
        long lo;
        synchronized (subscriptionIds) {
            hi = subscriptionIds.nextLong();
            lo = subscriptionIds.nextLong();
        }
        StringBuilder sb = new StringBuilder(34);
        WireFormat.word(sb, 0, 0, hi, lo);
        int i = 32;
        while (i < 63 && sb.charAt(i) == '0') {
            i++;
        }
        return "0x" + sb.substring(i);
    }

    private static void uint(StringBuilder sb, BigInteger v) {
        String hex = v.toString(16);
        sb.repeat('0', 64 - hex.length()).append(hex);
    }

    private static boolean present(JsonNode object, String field) {
        JsonNode n = object.get(field);
        return n != null && !n.isNull();
    }

    private static String quoted(String s) {
        return "\"" + s + "\"";
    }
}
