package io.chainwatch.endpoints;

import io.chainwatch.endpoints.websocket.Utf8TextListener;

import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A WebSocket listener that joins the parts of each text message, up to {@code maxMessageBytes},
 * and hands whole messages on, as Strings or (made with {@link #ofUtf8}) as UTF-8 bytes; a larger
 * message, the endpoint closing, or an error goes to {@code onFault} (OVERSIZED, CLOSED, or the kind
 * of the error: {@link FailureKind#of}) and nothing more is read. Called on the WebSocket's listener
 * thread, one part at a time.
 *
 * <p>On our own client ({@link io.chainwatch.endpoints.websocket.BlockingWebSocket}) every message
 * comes whole as the socket's bytes: a bytes consumer gets them as they are, with no copy; a String
 * consumer gets the one String made of them. On the JDK's client text comes as chars, which a bytes
 * consumer gets encoded.
 */
public final class TextMessageListener implements WebSocket.Listener, Utf8TextListener {
    private final int maxMessageBytes;
    /** Exactly one of the two consumers is set. */
    private final Consumer<String> onMessage;
    private final Utf8Consumer onUtf8;
    private final BiConsumer<FailureKind, String> onFault;
    private final StringBuilder partial = new StringBuilder();

    /** What takes a whole message as its UTF-8 bytes, valid only during the call. */
    @FunctionalInterface
    public interface Utf8Consumer {
        void accept(byte[] utf8, int offset, int length);
    }

    public TextMessageListener(int maxMessageBytes, Consumer<String> onMessage, BiConsumer<FailureKind, String> onFault) {
        this(maxMessageBytes, onMessage, null, onFault);
    }

    private TextMessageListener(int maxMessageBytes, Consumer<String> onMessage, Utf8Consumer onUtf8,
                                BiConsumer<FailureKind, String> onFault) {
        this.maxMessageBytes = maxMessageBytes;
        this.onMessage = onMessage;
        this.onUtf8 = onUtf8;
        this.onFault = onFault;
    }

    /** A listener that hands each message on as its UTF-8 bytes, which {@code onMessage} may read only during its call. */
    public static TextMessageListener ofUtf8(int maxMessageBytes, Utf8Consumer onMessage, BiConsumer<FailureKind, String> onFault) {
        return new TextMessageListener(maxMessageBytes, null, onMessage, onFault);
    }

    /** The largest message it takes; a WebSocket may refuse larger ones before reading them. */
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public void onText(WebSocket ws, byte[] utf8, int offset, int length) {
        if (length > maxMessageBytes) {
            oversized();
            return;
        }
        if (onUtf8 != null) {
            onUtf8.accept(utf8, offset, length);
        } else {
            onMessage.accept(new String(utf8, offset, length, StandardCharsets.UTF_8));
        }
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        if (partial.length() + data.length() > maxMessageBytes) {
            partial.setLength(0);
            oversized();
            return null;
        }
        if (last && partial.isEmpty()) {
            deliver(text(data)); // the whole message in one part, as most come: one copy, not two
        } else {
            if (data instanceof CharBuffer chars && chars.hasArray()) {
                partial.append(chars.array(), chars.arrayOffset() + chars.position(), chars.remaining()); // in bulk, not char by char
            } else {
                partial.append(data);
            }
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                deliver(text);
            }
        }
        ws.request(1);
        return null;
    }

    private void deliver(String text) {
        if (onMessage != null) {
            onMessage.accept(text);
        } else {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            onUtf8.accept(utf8, 0, utf8.length);
        }
    }

    private void oversized() {
        onFault.accept(FailureKind.OVERSIZED, "websocket message over " + maxMessageBytes + " bytes");
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
