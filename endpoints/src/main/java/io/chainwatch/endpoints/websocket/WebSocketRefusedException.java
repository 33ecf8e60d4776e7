package io.chainwatch.endpoints.websocket;

import java.io.IOException;

/** The server answered the opening handshake with an HTTP status other than 101 Switching Protocols. */
public final class WebSocketRefusedException extends IOException {
    private final int status;

    public WebSocketRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the server answered with. */
    public int status() {
        return status;
    }
}
