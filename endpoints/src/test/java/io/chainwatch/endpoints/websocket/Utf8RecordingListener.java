package io.chainwatch.endpoints.websocket;

import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;

/** A {@link RecordingListener} that takes text as bytes: "utf8:..." lines; a call to the String onText fails the test. */
final class Utf8RecordingListener extends RecordingListener implements Utf8TextListener {
    @Override
    public void onText(WebSocket ws, byte[] utf8, int offset, int length) {
        threads.add(Thread.currentThread().getName());
        events.add("utf8:" + new String(utf8, offset, length, StandardCharsets.UTF_8));
        ws.request(1);
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        throw new AssertionError("text as a String to a listener that takes bytes");
    }
}
