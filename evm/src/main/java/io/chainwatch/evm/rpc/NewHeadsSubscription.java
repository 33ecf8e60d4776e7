package io.chainwatch.evm.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chainwatch.core.BlockRef;
import io.chainwatch.endpoints.Endpoint;
import io.chainwatch.endpoints.EndpointException;
import io.chainwatch.endpoints.FailureKind;
import io.chainwatch.endpoints.TextMessageListener;
import io.chainwatch.endpoints.WebSocketSession;
import io.chainwatch.endpoints.WebSocketConnect;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code eth_subscribe("newHeads")} on one WebSocket endpoint. Each head goes to {@code onHead}; the
 * first failure or close goes once to {@code onClosed} (so the owner can fail over). Frames larger than
 * {@code maxFrameBytes} close the connection and count as OVERSIZED; unparseable ones as MALFORMED.
 */
public final class NewHeadsSubscription implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Endpoint endpoint;
    private final BiConsumer<Endpoint, BlockRef> onHead;
    private final WebSocketSession session;

    private NewHeadsSubscription(Endpoint endpoint, BiConsumer<Endpoint, BlockRef> onHead,
                                 Consumer<EndpointException> onClosed) {
        this.endpoint = endpoint;
        this.onHead = onHead;
        this.session = new WebSocketSession(endpoint, onClosed);
    }

    public static CompletableFuture<NewHeadsSubscription> open(Endpoint endpoint, int maxFrameBytes,
                                                               BiConsumer<Endpoint, BlockRef> onHead,
                                                               Consumer<EndpointException> onClosed) {
        NewHeadsSubscription sub = new NewHeadsSubscription(endpoint, onHead, onClosed);
        return WebSocketConnect.open(endpoint, new TextMessageListener(maxFrameBytes, sub::handle, sub::fail))
                .thenApply(ws -> {
                    sub.session.attach(ws);
                    ws.sendText("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_subscribe\",\"params\":[\"newHeads\"]}", true);
                    return sub;
                });
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public boolean isOpen() {
        return session.isOpen();
    }

    private void fail(FailureKind kind, String message) {
        session.fail(kind, message);
    }

    private void handle(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            fail(FailureKind.MALFORMED, "unparseable websocket frame (" + text.length() + " chars)");
            return;
        }
        if (msg == null) {
            fail(FailureKind.MALFORMED, "empty websocket frame");
            return;
        }
        if (msg.has("error")) {
            fail(FailureKind.RPC_ERROR, "eth_subscribe refused: " + msg.get("error"));
            return;
        }
        if (!"eth_subscription".equals(msg.path("method").asText())) {
            return; // the subscription id answer
        }
        try {
            BlockRef head = EvmJson.header(msg.path("params").path("result"));
            endpoint.observeHead(head.number());
            onHead.accept(endpoint, head);
        } catch (IllegalArgumentException e) {
            fail(FailureKind.MALFORMED, "newHeads notification: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        session.close();
    }
}
