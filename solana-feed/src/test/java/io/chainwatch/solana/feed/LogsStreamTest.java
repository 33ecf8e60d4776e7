package io.chainwatch.solana.feed;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.config.Commitment;
import io.chainwatch.core.config.EndpointConfig;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.ScoringPolicy;
import io.chainwatch.solana.LogLines;
import io.chainwatch.solana.pump.PumpProgram;
import io.chainwatch.solana.pump.TradeEvent;
import io.chainwatch.solana.tx.EventExtractor;
import io.chainwatch.solana.tx.SolanaTransaction;
import io.chainwatch.solana.tx.TransactionEvent;
import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LogsStream} over a real loopback WebSocket: a fake node (Javalin, standing in for a Solana
 * node's pubsub endpoint) sends logsNotifications, and the listener gets their lines as views into
 * the socket's bytes that read, and decode, as the lines' Strings do.
 */
@Timeout(30)
class LogsStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PUMP = PumpProgram.ID.toBase58();
    private static final String SIGNATURE = "5VERv8NMvzbJMEkV8xnrLkEaWRtSz9CosKDYjCJjBRnbJLgp8uirBgmQpjKhoR4tjF3ZpRzrFmBV6UjKdiSZkQUW";
    private static final String DATA_LINE = "Program data: vdt/007mYe6dKsxKfMbYbJAUjzVU6hwpUo/NqZtQ0u8EpfI1QaN7/5i4+wIAAAAAMX7QjaEAAAABtipDEeZapMxX"
            + "x0Wp0Funx+qS849Mz3skrt28g1HUC0yp9IlpAAAAAMnkpzkLAAAALNhpoj9fAgDJOIQ9BAAAACxAV1auYAEASsL40N1cvJfjKJwZfLUGKlTz2Va5zm5RFfllZ6pc"
            + "s+ZfAAAAAAAAAF9BBwAAAAAApZaRFOGWYW3wyoOUf3uyF/i/3KfhW/3tp0juGw55TDEeAAAAAAAAAIpKAgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAwAAAGJ1eQA=";
    /** A buy's lines, with a memo of escapes and characters outside ASCII. */
    private static final List<String> LOGS = List.of("Program " + PUMP + " invoke [1]", "Program log: Instruction: Buy",
            "Program log: memo \"quoted\" \\ tab\t é € 🚀", DATA_LINE, "Program " + PUMP + " consumed 68600 of 179974 compute units",
            "Program " + PUMP + " success");

    private final LinkedBlockingQueue<WsContext> connected = new LinkedBlockingQueue<>();
    private final LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
    private final Recorder recorder = new Recorder();
    private Javalin node;
    private LogsStream stream;

    @BeforeEach
    void start() {
        node = Javalin.create().ws("/", ws -> {
            ws.onConnect(connected::add);
            ws.onMessage(ctx -> requests.add(ctx.message()));
        }).start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (stream != null) {
            stream.close();
        }
        node.stop();
    }

    @Test
    void logLinesReachTheListenerAsBytesThatDecodeAsTheirStrings() throws Exception {
        WsContext ctx = open();
        ctx.send(notification(7, LOGS));
        Seen seen = recorder.logs.poll(10, TimeUnit.SECONDS);
        assertThat(seen).isNotNull();
        assertThat(seen.slot()).isEqualTo(7);
        assertThat(seen.signature()).isEqualTo(SIGNATURE);
        assertThat(seen.lines()).isEqualTo(LOGS);
        assertThat(seen.events()).isEqualTo(EventExtractor.pumpFamily().extractFromLogs(LOGS)).hasSize(1);
        assertThat(seen.events().getFirst().result().valueOrNull()).isInstanceOf(TradeEvent.class);
        assertThat(stream.messages()).isEqualTo(1);
    }

    @Test
    void aNotificationWithABadEscapeFailsTheStreamOnceAsMalformed() throws Exception {
        WsContext ctx = open();
        try {
            ctx.send("{\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":1},\"value\":{\"signature\":\"" + SIGNATURE
                    + "\",\"err\":null,\"logs\":[\"a\\q\"]}}}}");
        } catch (Exception closedMeanwhile) {
            // The stream reads the message and closes the connection at once: the node's send can see that close before its
            // own write is done (5 runs in 300). Whether the message arrived is what the assertions below tell.
        }
        EndpointException cause = recorder.closed.get(10, TimeUnit.SECONDS);
        assertThat(cause.kind()).isEqualTo(FailureKind.MALFORMED);
        assertThat(cause.getMessage()).contains("bad escape");
        assertThat(recorder.logs).isEmpty();
    }

    /** Opens the stream against the node; returns the node's side once the stream has subscribed. */
    private WsContext open() throws Exception {
        URI url = URI.create("ws://127.0.0.1:" + node.port() + "/");
        Endpoint endpoint = new Endpoint("ws-0", new EndpointConfig(url, "local", 1, 1_000, 10_000), ScoringPolicy.DEFAULT);
        stream = LogsStream.open(endpoint, List.of(PUMP), Commitment.CONFIRMED, 1 << 20, recorder).get(10, TimeUnit.SECONDS);
        WsContext ctx = connected.poll(10, TimeUnit.SECONDS);
        assertThat(ctx).isNotNull();
        assertThat(requests.poll(10, TimeUnit.SECONDS)).contains("slotSubscribe");
        assertThat(requests.poll(10, TimeUnit.SECONDS)).contains("logsSubscribe", PUMP);
        return ctx;
    }

    private static String notification(long slot, List<String> logs) throws Exception {
        return "{\"jsonrpc\":\"2.0\",\"method\":\"logsNotification\",\"params\":{\"result\":{\"context\":{\"slot\":" + slot
                + "},\"value\":{\"signature\":\"" + SIGNATURE + "\",\"err\":null,\"logs\":" + JSON.writeValueAsString(logs)
                + "}},\"subscription\":2}}";
    }

    private record Seen(long slot, String signature, List<String> lines, List<TransactionEvent> events) {
    }

    /** What the stream handed on; the lines read during the call, as the contract says. */
    private static final class Recorder implements StreamListener {
        final LinkedBlockingQueue<Seen> logs = new LinkedBlockingQueue<>();
        final CompletableFuture<EndpointException> closed = new CompletableFuture<>();

        @Override
        public void onSlot(LiveStream from, long slot, long parent, long root) {
        }

        @Override
        public void onLogs(LiveStream from, long slot, String signature, boolean failed, LogLines lines) {
            logs.add(new Seen(slot, signature, lines.toStrings(), EventExtractor.pumpFamily().extractFromLogs(lines)));
        }

        @Override
        public void onTransaction(LiveStream from, long slot, SolanaTransaction tx) {
            throw new AssertionError("a logs stream hands on logs, not transactions");
        }

        @Override
        public void onClosed(LiveStream from, EndpointException cause) {
            if (!closed.complete(cause)) {
                throw new AssertionError("told of the end twice");
            }
        }
    }
}
