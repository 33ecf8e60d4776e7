package io.chainwatch.sim.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A plain JSON-RPC over HTTP client for tests, on java.net.http. */
public final class RpcClient {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    private final URI url;
    private final AtomicInteger ids = new AtomicInteger();

    public RpcClient(URI url) {
        this.url = url;
    }

    /** The whole response object of one call. */
    public JsonNode call(String method, Object... params) {
        return parse(post(request(ids.incrementAndGet(), method, params).toString()));
    }

    /** The result of one call; fails the test on an error answer. */
    public JsonNode result(String method, Object... params) {
        JsonNode answer = call(method, params);
        if (answer.has("error")) {
            throw new AssertionError(method + " answered an error: " + answer.get("error"));
        }
        return answer.get("result");
    }

    /** The error object of one call; fails the test on a result. */
    public JsonNode error(String method, Object... params) {
        JsonNode answer = call(method, params);
        if (!answer.has("error")) {
            throw new AssertionError(method + " answered a result, expected an error: " + answer);
        }
        return answer.get("error");
    }

    public static ObjectNode request(int id, String method, Object... params) {
        ObjectNode req = JSON.createObjectNode().put("jsonrpc", "2.0").put("id", id).put("method", method);
        ArrayNode p = req.putArray("params");
        for (Object o : params) {
            p.add(JSON.valueToTree(o));
        }
        return req;
    }

    public String post(String body) {
        try {
            HttpRequest req = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            return HTTP.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text.substring(0, Math.min(200, text.length())), e);
        }
    }
}
