package io.chainwatch.endpoints.websocket;

import java.net.http.WebSocket;

/**
 * A {@link WebSocket.Listener} that also implements this takes text messages as their UTF-8 bytes:
 * {@link BlockingWebSocket} then calls {@link #onText(WebSocket, byte[], int, int)} instead of
 * {@link WebSocket.Listener#onText}, and makes no String. The bytes are checked to be UTF-8 first
 * (invalid ones fail the connection with 1007 as before), the message is whole, and demand works as
 * for {@code onText}: the call waits for it, and the listener asks for the next one with
 * {@link WebSocket#request}.
 */
public interface Utf8TextListener {
    /**
     * One whole text message: {@code utf8[offset, offset + length)}, valid UTF-8. The array is the
     * socket's own buffer, valid only during the call: keep nothing of it without copying.
     */
    void onText(WebSocket ws, byte[] utf8, int offset, int length);
}
