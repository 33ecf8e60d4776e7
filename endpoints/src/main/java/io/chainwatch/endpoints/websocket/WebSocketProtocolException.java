package io.chainwatch.endpoints.websocket;

import java.io.IOException;

/**
 * The server broke RFC 6455 (a masked frame, reserved bits, a bad handshake answer, invalid UTF-8)
 * or sent a message over the size limit; {@link #closeCode} is the status the connection was
 * failed with (1002 protocol error, 1007 invalid data, 1009 message too big).
 */
public final class WebSocketProtocolException extends IOException {
    public static final int PROTOCOL_ERROR = 1002;
    public static final int INVALID_DATA = 1007;
    public static final int MESSAGE_TOO_BIG = 1009;

    private final int closeCode;

    public WebSocketProtocolException(int closeCode, String message) {
        super(message);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
