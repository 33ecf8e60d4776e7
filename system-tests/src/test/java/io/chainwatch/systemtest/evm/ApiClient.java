package io.chainwatch.systemtest.evm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.Address;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** chainwatch's HTTP API as a user reaches it: real requests to 127.0.0.1, JSON read back exactly. */
final class ApiClient implements AutoCloseable {
    /** Integers stay exact: no double ever sits between the wire and the comparison. */
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    record Answer(int status, String contentType, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + e.getMessage() + "): " + body, e);
            }
        }
    }

    /** One entry of {@code GET /api/v1/evm/pools}. */
    record ApiPool(String chain, String dex, Address address, BigInteger reserve0, BigInteger reserve1, long blockNumber) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Answer get(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20)).GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError("GET " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during GET " + path, e);
        }
    }

    /** POSTs a JSON body, with {@code authorization} as the Authorization header when not null. */
    Answer post(String path, String authorization, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body());
        } catch (IOException e) {
            throw new AssertionError("POST " + base + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted during POST " + path, e);
        }
    }

    /** The pools, failing unless the answer is 200 and every reserve is a JSON integer. */
    List<ApiPool> pools() {
        Answer a = get("/api/v1/evm/pools");
        if (a.status() != 200) {
            throw new AssertionError("GET /api/v1/evm/pools answered " + a.status() + ": " + a.body());
        }
        List<ApiPool> out = new ArrayList<>();
        for (JsonNode p : a.json()) {
            out.add(new ApiPool(p.path("chain").asText(), p.path("dex").asText(), Address.of(p.path("address").asText()),
                    integer(p, "reserve0"), integer(p, "reserve1"), p.path("blockNumber").asLong(-1)));
        }
        return out;
    }

    static BigInteger integer(JsonNode pool, String field) {
        JsonNode v = pool.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw new AssertionError(field + " is not a JSON integer in " + pool);
        }
        return v.bigIntegerValue();
    }

    @Override
    public void close() {
        http.close();
    }
}
