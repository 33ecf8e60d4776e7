package io.chainwatch.sim.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-RPC 2.0 envelope every simulated chain speaks: parses one HTTP body or WebSocket
 * message, answers single calls and batches, checks ids and methods, injects the error fault, and
 * turns {@link RpcFailure}s and unexpected failures into error answers. The chain's own methods
 * only see one call at a time.
 *
 * <p>Thread-safe: server threads call it concurrently; it keeps no state but the log-once flag.
 *
 * @param <R> what one message sees (the chain snapshot and the faults when it arrived)
 */
public final class JsonRpcEnvelope<R> {
    private static final Logger LOG = LoggerFactory.getLogger(JsonRpcEnvelope.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BATCH = 1_000;

    /** One method call; expected failures are thrown as {@link RpcFailure}. */
    @FunctionalInterface
    public interface Calls<R> {
        /** @return the result as JSON text */
        String call(String method, JsonNode params, R request);
    }

    /** The messages of the envelope's own errors, as the imitated node words them. */
    public record Texts(String parseError, String invalidRequest, String emptyBatch, String batchTooLarge, String internalError) {
        /** geth's wording. */
        public static final Texts GETH = new Texts("parse error", "invalid request", "empty batch", "batch too large", "internal error");
        /** Agave's (jsonrpc-core's) wording. */
        public static final Texts AGAVE = new Texts("Parse error", "Invalid request", "Invalid request", "Invalid request", "Internal error");
    }

    private final Texts texts;
    private final EndpointCounters counters;
    private final Calls<R> calls;
    private final Predicate<R> injectError;
    private final AtomicBoolean unexpectedLogged = new AtomicBoolean();

    /** @param injectError rolls the error fault for one call */
    public JsonRpcEnvelope(Texts texts, EndpointCounters counters, Calls<R> calls, Predicate<R> injectError) {
        this.texts = texts;
        this.counters = counters;
        this.calls = calls;
        this.injectError = injectError;
    }

    /**
     * The answer to one message: an object, a batch array, or null when the message holds only
     * notifications (calls without id). The snapshot is taken once, after parsing, for all calls of
     * a batch.
     */
    public String answer(String text, Supplier<R> snapshot) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return error("null", RpcFailure.PARSE_ERROR, texts.parseError());
        }
        if (root == null || root.isMissingNode()) {
            return error("null", RpcFailure.PARSE_ERROR, texts.parseError());
        }
        R req = snapshot.get();
        if (!root.isArray()) {
            return answerOne(root, req);
        }
        if (root.isEmpty()) {
            return error("null", RpcFailure.INVALID_REQUEST, texts.emptyBatch());
        }
        if (root.size() > MAX_BATCH) {
            return error("null", RpcFailure.INVALID_REQUEST, texts.batchTooLarge());
        }
        StringBuilder sb = new StringBuilder().append('[');
        boolean any = false;
        for (JsonNode call : root) {
            String one = answerOne(call, req);
            if (one != null) {
                sb.append(any ? "," : "").append(one);
                any = true;
            }
        }
        return any ? sb.append(']').toString() : null;
    }

    private String answerOne(JsonNode call, R req) {
        if (!call.isObject()) {
            return error("null", RpcFailure.INVALID_REQUEST, texts.invalidRequest());
        }
        JsonNode idNode = call.get("id");
        if (idNode != null && !(idNode.isNumber() || idNode.isTextual() || idNode.isNull())) {
            return error("null", RpcFailure.INVALID_REQUEST, texts.invalidRequest());
        }
        String id = idNode == null ? "null" : idNode.toString();
        JsonNode method = call.get("method");
        if (method == null || !method.isTextual()) {
            return error(id, RpcFailure.INVALID_REQUEST, texts.invalidRequest());
        }
        boolean notification = idNode == null;
        if (injectError.test(req)) {
            counters.injectedError();
            return notification ? null : error(id, RpcFailure.INTERNAL_ERROR, texts.internalError());
        }
        try {
            String result = calls.call(method.textValue(), call.get("params"), req);
            return notification ? null : "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}";
        } catch (RpcFailure e) {
            return notification ? null : error(id, e.code(), e.getMessage(), e.dataJson());
        } catch (RuntimeException e) {
            counters.unexpectedFailure();
            if (unexpectedLogged.compareAndSet(false, true)) {
                LOG.warn("unexpected failure answering {} (further ones are only counted)", method.textValue(), e);
            }
            return notification ? null : error(id, RpcFailure.INTERNAL_ERROR, texts.internalError() + ": " + e);
        }
    }

    public static String error(String id, int code, String message) {
        return error(id, code, message, null);
    }

    /** An error answer; {@code dataJson} (JSON text or null) becomes the error's {@code data}. */
    public static String error(String id, int code, String message, String dataJson) {
        StringBuilder sb = new StringBuilder(96 + message.length()).append("{\"jsonrpc\":\"2.0\",\"id\":").append(id)
                .append(",\"error\":{\"code\":").append(code).append(",\"message\":");
        JsonText.string(sb, message);
        if (dataJson != null) {
            sb.append(",\"data\":").append(dataJson);
        }
        return sb.append("}}").toString();
    }
}
