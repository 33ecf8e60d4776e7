package io.chainwatch.endpoints;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.List;

/**
 * What every transport does the same way: writing a request, and judging an answer (result, error,
 * malformed) against the endpoint that sent it. Stateless.
 */
final class JsonRpcAnswers {
    static final ObjectMapper JSON = new ObjectMapper();

    private JsonRpcAnswers() {
    }

    static String request(long id, String method, Object params) {
        try {
            return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":"
                    + JSON.writeValueAsString(params == null ? List.of() : params) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("params of " + method + " cannot be written as JSON", e);
        }
    }

    /**
     * Reads the rest of an answer object whose opening brace (and perhaps some fields) the parser has
     * passed: the result through {@code reader}, or the error. Records the outcome on the endpoint.
     */
    static <T> T readAnswer(Endpoint endpoint, String method, JsonParser p, long latencyNs, int answerBytes,
                            JsonRpcTransport.ResultReader<T> reader) {
        try {
            T value = null;
            boolean hasResult = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if ("result".equals(field)) {
                    value = p.currentToken() == JsonToken.VALUE_NULL ? null : reader.read(p);
                    hasResult = true;
                } else if ("error".equals(field) && p.currentToken() != JsonToken.VALUE_NULL) {
                    JsonNode error = JSON.readTree(p);
                    endpoint.recordSuccess(latencyNs); // the transport worked; the answer is an error
                    throw rpcError(endpoint, error, method);
                } else {
                    p.skipChildren();
                }
            }
            if (!hasResult) {
                throw new IOException(method + " answer has neither result nor error");
            }
            endpoint.recordSuccess(latencyNs);
            return value;
        } catch (IOException | IllegalArgumentException e) {
            endpoint.recordFailure(FailureKind.MALFORMED, latencyNs, method + ": " + firstLine(e.getMessage()));
            throw new EndpointException(endpoint.id(), FailureKind.MALFORMED, method + ": unparseable answer ("
                    + answerBytes + " bytes): " + firstLine(e.getMessage()));
        }
    }

    /** The result of one answer object, or the failure its error stands for. */
    static JsonNode result(Endpoint endpoint, JsonNode node, String method) {
        JsonNode error = node.get("error");
        if (error != null && !error.isNull()) {
            throw rpcError(endpoint, error, method);
        }
        if (!node.has("result")) {
            endpoint.recordFailure(FailureKind.MALFORMED, 0, method + " answer has neither result nor error");
            throw new EndpointException(endpoint.id(), FailureKind.MALFORMED, method + " answer has neither result nor error");
        }
        return node.get("result");
    }

    static EndpointException rpcError(Endpoint endpoint, JsonNode error, String method) {
        int code = error.path("code").asInt();
        String message = error.path("message").asText();
        // -32005 is the common "limit exceeded" code, for rate limits and for a query whose answer
        // would be too large ("query returned more than 10000 results"); the second is the
        // caller's to fix by asking for less, not the endpoint's fault. 429 some put in the body.
        boolean tooLarge = code == -32005 && message.contains("more than");
        FailureKind kind = (code == -32005 && !tooLarge) || code == 429 ? FailureKind.THROTTLED : FailureKind.RPC_ERROR;
        if (!answersTheCaller(code, message)) {
            endpoint.recordFailure(kind, 0, method + " -> " + code + " " + message);
        }
        return new EndpointException(endpoint.id(), kind, code, method + " -> " + code + " " + message);
    }

    /**
     * A working node's verdict on what we asked, not a fault of the node: a call that reverts (code
     * 3), a transaction refused for its nonce, its funds or its price, or one it has already. Every
     * honest endpoint answers the same, so none is scored down for it.
     */
    static boolean answersTheCaller(int code, String message) {
        String m = message.toLowerCase(java.util.Locale.ROOT);
        return code == 3 || m.contains("execution reverted") || m.contains("nonce too low") || m.contains("already known")
                || m.contains("insufficient funds") || m.contains("underpriced") || m.contains("known transaction");
    }

    static EndpointException fail(Endpoint endpoint, FailureKind kind, long latencyNs, String message) {
        endpoint.recordFailure(kind, latencyNs, message);
        return new EndpointException(endpoint.id(), kind, message);
    }

    static EndpointException throttled(Endpoint endpoint) {
        return new EndpointException(endpoint.id(), FailureKind.THROTTLED,
                "breaker " + endpoint.breaker().getState() + " or rate limit reached");
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
