package io.chainwatch.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.EndpointConfig;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON-RPC over a real loopback WebSocket. The server is scripted by each test: it hands every
 * request to the test, which answers when and how it likes (late, out of order, broken, too big),
 * faults that a real node cannot be made to show on demand.
 */
@Timeout(60)
class JsonRpcWebSocketTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Request(WsContext ctx, long id, String method) {
        void answer(String resultJson) {
            ctx.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + resultJson + "}");
        }
    }

    private final LinkedBlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final AtomicInteger connections = new AtomicInteger();
    private Javalin server;
    private JsonRpcHttp http;
    private JsonRpcConnections transport;

    @BeforeEach
    void start() {
        server = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.router.mount(r -> r.ws("/", ws -> {
                ws.onConnect(c -> connections.incrementAndGet());
                ws.onMessage(c -> {
                    JsonNode req = JSON.readTree(c.message());
                    requests.add(new Request(c, req.path("id").asLong(), req.path("method").asText()));
                });
            }));
        }).start("127.0.0.1", 0);
        http = new JsonRpcHttp(1 << 20);
        transport = new JsonRpcConnections(http, 4096);
    }

    @AfterEach
    void stop() {
        transport.close();
        http.close();
        server.stop();
    }

    private Endpoint endpoint(long timeoutMs) {
        URI url = URI.create("ws://127.0.0.1:" + server.port() + "/");
        return new Endpoint("ws", new EndpointConfig(url, "eu", 1, 10_000, timeoutMs), ScoringPolicy.DEFAULT);
    }

    private Request next() throws InterruptedException {
        Request r = requests.poll(10, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    @Test
    void answersThatComeOutOfOrderReachTheirOwnCalls() throws Exception {
        Endpoint e = endpoint(5_000);
        CompletableFuture<JsonNode> first = transport.call(e, "eth_blockNumber", List.of());
        CompletableFuture<JsonNode> second = transport.call(e, "eth_chainId", List.of());
        Request a = next();
        Request b = next();
        Request chainId = a.method().equals("eth_chainId") ? a : b;
        Request blockNumber = chainId == a ? b : a;
        chainId.answer("\"0x1\"");
        // And one that names its id after its result: still matched.
        blockNumber.ctx().send("{\"jsonrpc\":\"2.0\",\"result\":\"0x10\",\"id\":" + blockNumber.id() + "}");
        assertThat(second.get(10, TimeUnit.SECONDS).asText()).isEqualTo("0x1");
        assertThat(first.get(10, TimeUnit.SECONDS).asText()).isEqualTo("0x10");
        assertThat(connections.get()).as("both calls shared one connection").isEqualTo(1);
    }

    @Test
    void aStreamingReaderReadsTheResultAndABatchKeepsItsOrder() throws Exception {
        Endpoint e = endpoint(5_000);
        CompletableFuture<Integer> size = transport.call(e, "eth_getLogs", List.of(), p -> JSON.readTree(p).size());
        next().answer("[{\"a\":1},{\"b\":2},{\"c\":3}]");
        assertThat(size.get(10, TimeUnit.SECONDS)).isEqualTo(3);

        CompletableFuture<List<JsonNode>> batch = transport.batch(e, List.of(
                new JsonRpcTransport.Call("m", List.of()), new JsonRpcTransport.Call("m", List.of()), new JsonRpcTransport.Call("m", List.of())));
        Request[] r = {next(), next(), next()};
        java.util.Arrays.sort(r, java.util.Comparator.comparingLong(Request::id));
        r[2].answer("\"third\"");
        r[0].answer("\"first\"");
        r[1].answer("\"second\"");
        assertThat(batch.get(10, TimeUnit.SECONDS)).extracting(JsonNode::asText).containsExactly("first", "second", "third");
    }

    @Test
    void anRpcErrorFailsOnlyItsCall() throws Exception {
        Endpoint e = endpoint(5_000);
        CompletableFuture<JsonNode> failing = transport.call(e, "eth_getLogs", List.of());
        Request r = next();
        r.ctx().send("{\"jsonrpc\":\"2.0\",\"id\":" + r.id() + ",\"error\":{\"code\":-32000,\"message\":\"no backend\"}}");
        assertThat(failing).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("no backend");
        CompletableFuture<JsonNode> fine = transport.call(e, "eth_blockNumber", List.of());
        next().answer("\"0x2\"");
        assertThat(fine.get(10, TimeUnit.SECONDS).asText()).isEqualTo("0x2");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void aCallWithoutAnswerTimesOutAndTheConnectionStaysInUse() throws Exception {
        Endpoint e = endpoint(300);
        CompletableFuture<JsonNode> silent = transport.call(e, "eth_blockNumber", List.of());
        Request ignored = next();
        assertThat(silent).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("no answer over the websocket within 300 ms");
        assertThat(e.failures(FailureKind.TIMEOUT)).isEqualTo(1);
        ignored.answer("\"0x1\""); // too late: dropped, and it must not disturb the next call
        CompletableFuture<JsonNode> next = transport.call(e, "eth_blockNumber", List.of());
        next().answer("\"0x3\"");
        assertThat(next.get(10, TimeUnit.SECONDS).asText()).isEqualTo("0x3");
        assertThat(connections.get()).isEqualTo(1);
    }

    @Test
    void anOversizedMessageFailsEveryCallInFlightAndTheNextCallReconnects() throws Exception {
        Endpoint e = endpoint(5_000);
        CompletableFuture<JsonNode> big = transport.call(e, "eth_getLogs", List.of());
        CompletableFuture<JsonNode> bystander = transport.call(e, "eth_blockNumber", List.of());
        Request a = next();
        Request b = next();
        Request logs = a.method().equals("eth_getLogs") ? a : b;
        logs.answer("\"" + "a".repeat(8192) + "\""); // over the 4096-byte limit
        assertThat(big).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("over 4096 bytes");
        assertThat(bystander).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("over 4096 bytes");
        assertThat(e.failures(FailureKind.OVERSIZED)).as("one fault, counted once").isEqualTo(1);

        CompletableFuture<JsonNode> after = transport.call(e, "eth_blockNumber", List.of());
        next().answer("\"0x4\"");
        assertThat(after.get(10, TimeUnit.SECONDS).asText()).isEqualTo("0x4");
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void aMessageThatIsNotJsonOrTheEndpointHangingUpFailsTheCallsInFlight() throws Exception {
        Endpoint e = endpoint(5_000);
        CompletableFuture<JsonNode> garbled = transport.call(e, "eth_blockNumber", List.of());
        Request request = next();
        try {
            request.ctx().send("{\"jsonrpc\":\"2.0\",\"id\":");
        } catch (Exception hungUp) { // Jetty's IOException, undeclared through Javalin's Kotlin
            // The client hangs up as soon as it reads the text; Jetty may hear that before it counts its write as done
            // (1 run in 300). Whether the text arrived is what the client's failure below says.
        }
        assertThat(garbled).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("unparseable websocket message");
        assertThat(e.failures(FailureKind.MALFORMED)).isEqualTo(1);

        CompletableFuture<JsonNode> cut = transport.call(e, "eth_blockNumber", List.of());
        next().ctx().closeSession();
        assertThat(cut).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("websocket closed by the endpoint");
        assertThat(e.failures(FailureKind.CLOSED)).isEqualTo(1);
        assertThat(connections.get()).isEqualTo(2);
    }

    @Test
    void anEndpointThatRefusesConnectionsFailsTheCallAsRefused() throws Exception {
        Endpoint e = endpoint(5_000);
        server.stop();
        CompletableFuture<JsonNode> refused = transport.call(e, "eth_blockNumber", List.of());
        assertThat(refused).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(ExecutionException.class)
                .withMessageContaining("websocket connect");
        assertThat(e.failures(FailureKind.REFUSED) + e.failures(FailureKind.CLOSED)).isEqualTo(1);
    }
}
