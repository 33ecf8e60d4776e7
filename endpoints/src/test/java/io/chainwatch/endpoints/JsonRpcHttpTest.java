package io.chainwatch.endpoints;

import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.endpoints.net.ScriptedHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** How {@link JsonRpcHttp} classes what goes wrong on the wire, and that it says so without the endpoint's key. */
@Timeout(60)
class JsonRpcHttpTest {
    private static final String KEY = "s3cret-key";

    private static Endpoint endpoint(URI url, int timeoutMs) {
        return new Endpoint("node", new EndpointConfig(url, "eu", 1, 1000, timeoutMs), ScoringPolicy.DEFAULT);
    }

    private static EndpointException failure(JsonRpcHttp http, Endpoint e) {
        ExecutionException thrown = (ExecutionException) org.assertj.core.api.Assertions.catchThrowable(
                () -> http.call(e, "getSlot", List.of()).get(20, TimeUnit.SECONDS));
        assertThat(thrown).isNotNull();
        assertThat(thrown.getCause()).isInstanceOf(EndpointException.class);
        EndpointException failure = (EndpointException) thrown.getCause();
        assertThat(failure.getMessage()).doesNotContain(KEY);
        return failure;
    }

    @Test
    void answersThatAreLateCutShortOrNotHttpAreTimedOutClosedAndMalformedEachCountedOnce() throws Exception {
        try (ScriptedHttpServer server = new ScriptedHttpServer((n, request, out) -> switch (n) {
            case 1 -> {
                Thread.sleep(5_000);
                yield false;
            }
            case 2 -> ScriptedHttpServer.send(out, "HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"jsonrpc\"") && false;
            case 3 -> ScriptedHttpServer.send(out, "HTTP/1.1 OK\r\n\r\n") && false;
            default -> ScriptedHttpServer.send(out, ScriptedHttpServer.ok("{\"jsonrpc\":\"2.0\",\"id\":" + request.replaceAll(
                    "(?s).*\"id\":(\\d+).*", "$1") + ",\"result\":" + n + "}"));
        }); JsonRpcHttp http = new JsonRpcHttp(1 << 20)) {
            Endpoint e = endpoint(server.url("http", "/rpc?api-key=" + KEY), 300);
            assertThat(failure(http, e).kind()).isEqualTo(FailureKind.TIMEOUT);
            assertThat(failure(http, e).kind()).isEqualTo(FailureKind.CLOSED);
            assertThat(failure(http, e).kind()).isEqualTo(FailureKind.MALFORMED);
            assertThat(http.call(e, "getSlot", List.of()).get(20, TimeUnit.SECONDS).asInt()).isEqualTo(4);
            assertThat(e.failures(FailureKind.TIMEOUT)).isEqualTo(1);
            assertThat(e.failures(FailureKind.CLOSED)).isEqualTo(1);
            assertThat(e.failures(FailureKind.MALFORMED)).isEqualTo(1);
            assertThat(server.seen.getLast()).startsWith("POST /rpc?api-key=" + KEY + " HTTP/1.1\r\n").contains("\"method\":\"getSlot\"");
        }
    }

    @Test
    void aRefusedConnectionIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        try (JsonRpcHttp http = new JsonRpcHttp(1 << 20)) {
            Endpoint e = endpoint(URI.create("http://127.0.0.1:" + port + "/?api-key=" + KEY), 2_000);
            assertThat(failure(http, e).kind()).isEqualTo(FailureKind.REFUSED);
            assertThat(e.failures(FailureKind.REFUSED)).isEqualTo(1);
        }
    }

    @Test
    void aClosedClientFailsNewCallsAsClosed() throws Exception {
        JsonRpcHttp http = new JsonRpcHttp(1 << 20);
        http.close();
        assertThat(failure(http, endpoint(URI.create("http://127.0.0.1:1/"), 1_000)).kind()).isEqualTo(FailureKind.CLOSED);
    }
}
