package io.chainwatch.endpoints;

import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A WebSocket listener that joins the parts of each text message, up to {@code maxMessageBytes},
 * and hands whole messages on; a larger message, the endpoint closing, or an error goes to
 * {@code onFault} (OVERSIZED, CLOSED, or the kind of the error: {@link FailureKind#of}) and nothing
 * more is read. Called on the WebSocket's
 * listener thread, one part at a time.
 */
public final class TextMessageListener implements WebSocket.Listener {
    private final int maxMessageBytes;
    private final Consumer<String> onMessage;
    private final BiConsumer<FailureKind, String> onFault;
    private final StringBuilder partial = new StringBuilder();

    public TextMessageListener(int maxMessageBytes, Consumer<String> onMessage, BiConsumer<FailureKind, String> onFault) {
        this.maxMessageBytes = maxMessageBytes;
        this.onMessage = onMessage;
        this.onFault = onFault;
    }

    /** The largest message it takes; a WebSocket may refuse larger ones before reading them. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (partial.length() + data.length() > maxMessageBytes) {
            partial.setLength(0);
            onFault.accept(FailureKind.OVERSIZED, "websocket message over " + maxMessageBytes + " bytes");
            return null;
        }
        if (last && partial.isEmpty()) {
            onMessage.accept(text(data)); // the whole message in one part, as most come: one copy, not two
        } else {
            if (data instanceof CharBuffer chars && chars.hasArray()) {
                partial.append(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining()); // in bulk, not char by char
            } else {
                partial.append(data);
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onMessage.accept(text);
            }
        }
        ws.request(1);
        return null;
    }

    private static String text(CharSequence data) {
        if (data instanceof CharBuffer chars && chars.hasArray()) {
            return new String(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining());
        }
        return data.toString();
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        onFault.accept(FailureKind.CLOSED, "websocket closed by the endpoint (" + statusCode + " " + reason + ")");
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        onFault.accept(FailureKind.of(error), "websocket error: " + error.getMessage());
    }
}
