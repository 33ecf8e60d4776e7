package io.chainwatch.sim.fault;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@Timeout(20)
class FaultProxyTest {
    private static final int QUIET_MS = 300;

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void startEchoBehindProxy() throws IOException {
        echo = EchoServer.start();
        proxy = FaultProxy.start(echo.address());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    @Test
    void forwardsManyRoundTripsOverOneKeptOpenConnection() throws IOException {
        try (Socket socket = connect()) {
            for (int i = 0; i < 20; i++) {
                assertThat(roundTrip(socket, "ping-" + i)).isEqualTo("ping-" + i);
            }
        }
        assertThat(proxy.counts().accepted()).isEqualTo(1);
    }

    @Test
    void forwardsPayloadManyTimesLargerThanItsBufferIntactAndInOrder() throws Exception {
        byte[] payload = new byte[64 * FaultProxy.CHUNK_BYTES];
        new Random(7).nextBytes(payload);
        try (Socket socket = connect()) {
            // Write from another thread: the echo comes back while we are still sending.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    socket.getOutputStream().write(payload);
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            byte[] back = socket.getInputStream().readAllBytes();
            writer.join();
            assertThat(Arrays.equals(back, payload)).as("echoed payload equals sent payload").isTrue();
        }
        assertThat(proxy.counts().bytesForwarded()).isEqualTo(2L * payload.length);
    }

    @Test
    void halfCloseReachesUpstreamAndItsReplyStillComesBack() throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write("bye".getBytes(StandardCharsets.US_ASCII));
            socket.shutdownOutput();
            byte[] back = socket.getInputStream().readAllBytes();
            assertThat(new String(back, StandardCharsets.US_ASCII)).isEqualTo("bye");
        }
    }

    @Test
    void refuseCutsOpenConnectionsAndClosesNewOnesAtOnce() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");

            proxy.refuse();

            assertCut(open);
            try (Socket fresh = connect()) {
                assertCut(fresh);
            }
            assertThat(proxy.counts().refused()).isEqualTo(1);
            assertThat(proxy.counts().cut()).isEqualTo(1);
            await().until(() -> echo.openConnections() == 0);
        }
    }

    @Test
    void healAfterRefuseForwardsNewConnectionsAgain() throws IOException {
        proxy.refuse();
        try (Socket refused = connect()) {
            assertCut(refused);
        }
        proxy.heal();
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "back")).isEqualTo("back");
        }
    }

    @Test
    void stallKeepsConnectionsOpenAndForwardsNothingUntilHealed() throws IOException {
        try (Socket before = connect()) {
            assertThat(roundTrip(before, "a")).isEqualTo("a");
            long forwarded = proxy.counts().bytesForwarded();

            proxy.stall();

            before.getOutputStream().write("held-1".getBytes(StandardCharsets.US_ASCII));
            try (Socket during = connect()) {
                during.getOutputStream().write("held-2".getBytes(StandardCharsets.US_ASCII));
                assertSilent(before);
                assertSilent(during);
                assertThat(proxy.counts().bytesForwarded()).isEqualTo(forwarded);
                assertThat(proxy.counts().cut()).isZero();
                assertThat(proxy.counts().accepted()).isEqualTo(2);

                proxy.heal();

                assertThat(read(before, 6)).isEqualTo("held-1");
                assertThat(read(during, 6)).isEqualTo("held-2");
            }
        }
    }

    @Test
    void dropCutsOpenConnectionsOnceAndKeepsAccepting() throws IOException {
        try (Socket first = connect(); Socket second = connect()) {
            assertThat(roundTrip(first, "1")).isEqualTo("1");
            assertThat(roundTrip(second, "2")).isEqualTo("2");

            proxy.drop();

            assertCut(first);
            assertCut(second);
            assertThat(proxy.counts().cut()).isEqualTo(2);
        }
        try (Socket after = connect()) {
            assertThat(roundTrip(after, "again")).isEqualTo("again");
        }
    }

    @Test
    void latencyHoldsEachChunkInBothDirections() throws IOException {
        long delayMs = 150;
        try (Socket socket = connect()) {
            assertThat(roundTrip(socket, "warm")).isEqualTo("warm");

            proxy.latency(delayMs);
            long startNanos = System.nanoTime();
            assertThat(roundTrip(socket, "slow")).isEqualTo("slow");
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;

            // A lower bound only: sleeping never ends early, so this cannot flake on a slow machine.
            assertThat(tookMs).isGreaterThanOrEqualTo(2 * delayMs);
        }
    }

    @Test
    void latencyRejectsNegativeDelay() {
        assertThatThrownBy(() -> proxy.latency(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
    }

    @Test
    void closeStopsListeningAndCutsOpenConnections() throws IOException {
        try (Socket open = connect()) {
            assertThat(roundTrip(open, "x")).isEqualTo("x");
            int port = proxy.port();

            proxy.close();

            assertCut(open);
            assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                    .isInstanceOf(ConnectException.class);
        }
    }

    @Test
    void httpKeepAliveRequestsShareOneProxiedConnection() throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        http.start();
        try (FaultProxy httpProxy = FaultProxy.start(http.getAddress());
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            for (int i = 0; i < 5; i++) {
                URI uri = URI.create("http://127.0.0.1:" + httpProxy.port() + "/r" + i);
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.body()).isEqualTo("/r" + i);
            }
            assertThat(httpProxy.counts().accepted()).isEqualTo(1);
        } finally {
            http.stop(0);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static String roundTrip(Socket socket, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.US_ASCII);
        socket.getOutputStream().write(bytes);
        return read(socket, bytes.length);
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] back = socket.getInputStream().readNBytes(length);
        return new String(back, StandardCharsets.US_ASCII);
    }

    /** The connection ends (EOF or reset) instead of staying open or timing out. */
    private static void assertCut(Socket socket) throws IOException {
        socket.setSoTimeout(5_000);
        InputStream in = socket.getInputStream();
        int got;
        try {
            got = in.read();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after 5 s, expected it cut", e);
        } catch (IOException reset) {
            return;
        }
        assertThat(got).as("read after cut").isEqualTo(-1);
    }

    /** Nothing arrives for a while and the connection stays open. */
    private static void assertSilent(Socket socket) throws IOException {
        socket.setSoTimeout(QUIET_MS);
        try {
            int got = socket.getInputStream().read();
            throw new AssertionError("expected silence, got " + (got < 0 ? "end of stream" : "byte " + got));
        } catch (SocketTimeoutException expected) {
            // Silent and still open.
        } finally {
            socket.setSoTimeout(5_000);
        }
    }
}
