package io.chainwatch.systemtest.anvil;

import io.chainwatch.sim.fault.FaultProxy;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

@Timeout(60)
class FaultProxyInFrontOfAnvilTest {
    /** Far below the client's own timeouts: a refused request must not wait for any of them. */
    private static final Duration FAIL_FAST = Duration.ofSeconds(3);

    private Anvil anvil;
    private FaultProxy proxy;
    private OkHttpClient http;
    private Web3j web3j;

    @BeforeEach
    void startAnvilBehindProxy() throws IOException {
        anvil = Anvil.start();
        proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", anvil.port()));
        http = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(500)).build();
        web3j = Web3j.build(new HttpService("http://127.0.0.1:" + proxy.port(), http));
    }

    @AfterEach
    void stop() {
        web3j.shutdown();
        proxy.close();
        anvil.close();
    }

    @Test
    void requestsPassWhenHealedAndFailFastWhenRefused() throws IOException {
        anvil.mine(3);
        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.valueOf(3));

        proxy.refuse();
        assertTimeoutPreemptively(FAIL_FAST, () ->
                assertThatThrownBy(() -> web3j.ethBlockNumber().send()).isInstanceOf(IOException.class));

        proxy.heal();
        assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(Anvil.CHAIN_ID));
    }

    @Test
    void stalledRequestTimesOutOnTheClientAndTheNextOnePassesAfterHeal() throws IOException {
        proxy.stall();
        assertThatThrownBy(() -> web3j.ethBlockNumber().send()).isInstanceOf(IOException.class);
        assertThat(proxy.counts().accepted()).isPositive();

        proxy.heal();
        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isZero();
    }

    @Test
    void droppedKeepAliveConnectionIsReplacedByTheNextRequest() throws IOException {
        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isZero();
        assertThat(proxy.counts().accepted()).isEqualTo(1);

        proxy.drop();
        anvil.mine();

        assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isOne();
        assertThat(proxy.counts().accepted()).isEqualTo(2);
    }

    @Test
    void latencyDelaysEveryRequestByBothLegs() throws IOException {
        Web3j patient = Web3j.build(new HttpService("http://127.0.0.1:" + proxy.port()));
        try {
            proxy.latency(100);
            long startNanos = System.nanoTime();
            patient.ethBlockNumber().send();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)).isGreaterThanOrEqualTo(200);
        } finally {
            patient.shutdown();
        }
    }

    @Test
    void webSocketRpcPassesThroughAndDropClosesIt() throws Exception {
        CompletableFuture<String> answer = new CompletableFuture<>();
        CompletableFuture<String> ended = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    answer.complete(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                ended.complete("closed " + statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                ended.complete("error " + error);
            }
        };
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket ws = client.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + proxy.port()), listener)
                    .get(5, TimeUnit.SECONDS);
            ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\",\"params\":[]}", true);
            assertThat(answer.get(5, TimeUnit.SECONDS)).contains("\"result\":\"0x7a69\"");

            proxy.drop();

            assertThat(ended.get(5, TimeUnit.SECONDS)).isNotBlank();
        }
    }
}
