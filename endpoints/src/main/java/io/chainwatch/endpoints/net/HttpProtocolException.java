package io.chainwatch.endpoints.net;

import java.io.IOException;

/** The server's answer breaks HTTP/1.1: a bad status line, header or chunk, or a header block over the limit. */
public final class HttpProtocolException extends IOException {
    public HttpProtocolException(String message) {
        super(message);
    }
}
